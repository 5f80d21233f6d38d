// Genesys Cloud sign-in for the page: one client per grant (PKCE by default, implicit behind the toggle), both
// keeping the token in localStorage under the same key, so a reload finds it whichever grant obtained it.
// The modular client: the page bundles the two grants it names, and notifications because it imports them.
import {
  AuthError,
  createClient,
  createNotifications,
  implicit,
  type ModularClient,
  type NotificationEvent,
  type NotificationsApi,
  pkce,
  type Subscription,
  type TokenSet,
} from '@skyport/genesys-cloud/modular';
import { patchUserPresence } from '@skyport/genesys-cloud/presence';
import { getUsersMe } from '@skyport/genesys-cloud/users';
import { genesys as config, redirectUri } from './config';

export type Grant = 'pkce' | 'implicit';

/** Which grant the sign-in in progress uses, so the page that the login service redirects to picks the same. */
const GRANT_KEY = 'skyport_example_grant';
/** Set while a sign-in started in this tab is in progress: an answer nobody asked for is refused. */
const PENDING_KEY = 'skyport_example_sign_in_pending';

export interface Me {
  id: string;
  name: string;
  email?: string;
  presence?: string;
}

export interface PresenceEvent {
  source?: string;
  presenceDefinition?: { id?: string; systemPresence?: string };
  modifiedDate?: string;
}

function makeClient(grant: Grant): ModularClient {
  const signIn = {
    redirectUri: redirectUri(),
    store: 'localStorage',
    storageKeyPrefix: config.storageKeyPrefix,
  } as const;
  return createClient({
    apiUrl: config.apiUrl,
    loginUrl: config.loginUrl,
    auth:
      grant === 'pkce'
        ? pkce({ clientId: config.pkceClientId, ...signIn })
        : implicit({ clientId: config.implicitClientId, ...signIn }),
    // Fail fast in the UI instead of retrying a dead sandbox for a minute.
    retry: { maxRetries: 1 },
    timeout: 15_000,
  });
}

/** What the login service put in this page's URL: a PKCE answer (`?code`/`?error`) or an implicit one (`#…`). */
function redirectIn(url: URL): Grant | undefined {
  const hash = new URLSearchParams(url.hash.replace(/^#/, ''));
  if (hash.has('access_token') || (hash.has('error') && hash.has('state'))) return 'implicit';
  if (url.searchParams.has('code') || (url.searchParams.has('error') && url.searchParams.has('state'))) {
    return 'pkce';
  }
  return undefined;
}

export class GenesysSession {
  private client: ModularClient;
  private notifications: { client: ModularClient; api: NotificationsApi } | undefined;
  private presenceSubscription: Subscription<PresenceEvent> | undefined;

  constructor() {
    this.client = makeClient(this.grant);
  }

  /** The grant of the current (or last started) sign-in. */
  get grant(): Grant {
    return sessionStorage.getItem(GRANT_KEY) === 'implicit' ? 'implicit' : 'pkce';
  }

  /** The localStorage key holding the token. */
  get storageKey(): string {
    return `${config.storageKeyPrefix}_auth_data`;
  }

  /** Sends the browser to the login page. */
  async signIn(grant: Grant): Promise<void> {
    sessionStorage.setItem(GRANT_KEY, grant);
    this.client = makeClient(grant);
    const { url } = await this.client.auth.authorizeUrl();
    sessionStorage.setItem(PENDING_KEY, grant);
    location.assign(url);
  }

  /**
   * If this page load is the login service's redirect, finishes the sign-in (checking `state`, exchanging the PKCE
   * code). The URL is cleaned either way, so a reload never replays the answer. Rejects when the answer is refused.
   */
  async completeRedirect(): Promise<boolean> {
    const url = new URL(location.href);
    const grant = redirectIn(url);
    if (!grant) return false;
    history.replaceState(null, '', `${url.pathname}`);
    const pending = sessionStorage.getItem(PENDING_KEY);
    sessionStorage.removeItem(PENDING_KEY);
    // An answer this tab never asked for could slip someone else's token or code in (login forgery). The library
    // refuses it too (no pending sign-in); checking here first names the grant that was expected.
    if (pending !== grant) {
      throw new AuthError(
        pending
          ? `the sign-in answer is for the ${grant} grant, but this tab started a ${pending} sign-in`
          : 'this tab did not start a sign-in, so the sign-in answer in the address is refused',
        { code: 'unsolicited_redirect' },
      );
    }
    this.client = makeClient(grant);
    await this.client.auth.handleRedirect(url.toString());
    return true;
  }

  /** The stored token, if any. */
  token(): Promise<TokenSet | undefined> {
    return this.client.auth.getToken();
  }

  async me(): Promise<Me> {
    const me = await getUsersMe(this.client, { expand: ['presence'] });
    return {
      id: me.id ?? '',
      name: me.name ?? '(no name)',
      ...(me.email ? { email: me.email } : {}),
      ...(me.presence?.presenceDefinition?.systemPresence
        ? { presence: me.presence.presenceDefinition.systemPresence }
        : {}),
    };
  }

  async setPresence(userId: string, systemPresence: string): Promise<string | undefined> {
    const result = await patchUserPresence(this.client, {
      userId,
      sourceId: 'purecloud',
      body: { presenceDefinition: { systemPresence } },
    });
    return result.presenceDefinition?.systemPresence;
  }

  /** Live presence changes of the user through a notification channel (WebSocket). */
  async watchPresence(userId: string, onEvent: (e: NotificationEvent<PresenceEvent>) => void): Promise<void> {
    await this.presenceSubscription?.unsubscribe();
    // Notifications of the current client (a new client after a sign-in gets new ones).
    if (this.notifications?.client !== this.client) {
      await this.notifications?.api.close();
      this.notifications = { client: this.client, api: createNotifications(this.client) };
    }
    this.presenceSubscription = await this.notifications.api.subscribe<PresenceEvent>(
      [`v2.users.${userId}.presence`],
      onEvent,
    );
  }

  /**
   * Revokes the token with the API and forgets it (also when the revoke fails), then returns the login service's
   * logout page, which ends its browser session and comes back here.
   */
  async signOut(): Promise<string> {
    this.presenceSubscription = undefined;
    await this.notifications?.api.close();
    this.notifications = undefined;
    try {
      await this.client.auth.logout();
    } finally {
      sessionStorage.removeItem(GRANT_KEY);
    }
    return this.client.auth.logoutUrl(redirectUri());
  }

  /** Forgets a token the API refused, without calling the API again. */
  async forget(): Promise<void> {
    await this.client.auth.logout({ revoke: false });
  }
}
