import { randomId } from '../random.js';
import { type AnalyticsJob, type Conversation, seedConversations } from './analytics.js';
import { type DirectoryState, seedDirectory } from './directory-state.js';

export interface OAuthClient {
  id: string;
  /** Empty for public clients (PKCE and implicit), which authenticate with `client_id` alone. */
  secret: string;
  /** Allowed grants: `client_credentials`, `authorization_code`, `implicit`, `refresh_token`, `saml2-bearer`. */
  grants: string[];
  /** Roles of client-credentials tokens. */
  roles: string[];
  /**
   * Registered redirect URIs: exact URIs, or `scheme://host:*` for any port and any path on that host (used for
   * loopback callbacks of CLIs and browser tests).
   */
  redirectUris: string[];
}

/** A seeded user who can sign in on the login form (username is the user's email). */
export interface Account {
  userId: string;
  username: string;
  password: string;
  roles: string[];
}

export interface Role {
  id: string;
  name: string;
  /** `domain:entity:action` strings. */
  permissions: string[];
}

export interface AuthCode {
  code: string;
  clientId: string;
  userId: string;
  /** The redirect_uri given at /authorize; the token request must repeat it. */
  redirectUri: string;
  codeChallenge?: string;
  codeChallengeMethod?: 'S256' | 'plain';
  expiresAt: number;
  used: boolean;
  /** Access and refresh tokens issued for this code (revoked when the code is replayed). */
  issued: string[];
}

export interface RefreshToken {
  token: string;
  clientId: string;
  userId?: string;
  /** Tokens of one login share a family; replaying a rotated refresh token revokes the whole family. */
  family: string;
  used: boolean;
  revoked: boolean;
}

export interface User {
  id: string;
  name: string;
  email: string;
  state: 'active' | 'inactive';
  version: number;
  presence: { id: string; systemPresence: string; modifiedDate: string };
}

export interface Token {
  token: string;
  clientId: string;
  userId?: string;
  expiresAt: number;
  revoked: boolean;
  /** Refresh-token family of the login that issued this token. */
  family?: string;
}

export interface GenesysState {
  clients: Map<string, OAuthClient>;
  /** Sign-in accounts by username (lower case). */
  accounts: Map<string, Account>;
  roles: Map<string, Role>;
  authCodes: Map<string, AuthCode>;
  refreshTokens: Map<string, RefreshToken>;
  /** Browser sessions of the login form: session id → user id. */
  sessions: Map<string, string>;
  users: Map<string, User>;
  meUserId: string;
  queues: { id: string; name: string; memberCount: number }[];
  permissions: { domain: string; entityName: string; action: string }[];
  tokens: Map<string, Token>;
  /** Per-token rate-limit windows. */
  rateWindows: Map<string, { start: number; count: number }>;
  conversations: Conversation[];
  jobs: Map<string, AnalyticsJob>;
  /** Presence definitions, divisions, skills, wrap-up codes, groups, queue members. */
  directory: DirectoryState;
}

/** Builds the seeded Genesys state; the same seed always gives the same ids and names. */
export function seedGenesys(random: () => number, now: number): GenesysState {
  const clients = new Map<string, OAuthClient>();
  const add = (c: OAuthClient) => clients.set(c.id, c);
  const loopback = ['http://127.0.0.1:*', 'http://localhost:*', 'http://[::1]:*'];
  add({
    id: 'sandbox-client-credentials',
    secret: 'sandbox-secret',
    grants: ['client_credentials'],
    roles: ['admin'],
    redirectUris: [],
  });
  add({
    id: 'sandbox-code-client',
    secret: 'sandbox-code-secret',
    grants: ['authorization_code', 'refresh_token'],
    roles: [],
    redirectUris: [...loopback, 'https://app.sandbox.example/callback'],
  });
  add({
    id: 'sandbox-pkce-client',
    secret: '',
    grants: ['authorization_code', 'refresh_token'],
    roles: [],
    redirectUris: loopback,
  });
  add({
    id: 'sandbox-implicit-client',
    secret: '',
    grants: ['implicit'],
    roles: [],
    redirectUris: loopback,
  });
  add({
    id: 'sandbox-saml-client',
    secret: 'sandbox-saml-secret',
    grants: ['saml2-bearer', 'refresh_token'],
    roles: [],
    redirectUris: [],
  });
  const users = new Map<string, User>();
  const iso = new Date(now).toISOString();
  const first = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Ken', 'Radia', 'John'];
  for (let i = 0; i < 30; i++) {
    const id = randomId(random);
    const name = `${first[i % first.length]} Sandbox${i}`;
    users.set(id, {
      id,
      name,
      email: `user${i}@sandbox.example`,
      state: 'active',
      version: 1,
      presence: { id: randomId(random), systemPresence: 'Available', modifiedDate: iso },
    });
  }
  const meUserId = [...users.keys()][0] as string;
  const accounts = new Map<string, Account>();
  [...users.values()].slice(0, 3).forEach((u, i) => {
    accounts.set(u.email, {
      userId: u.id,
      username: u.email,
      password: `sandbox-password-${i}`,
      roles: i === 0 ? ['admin'] : ['employee'],
    });
  });
  const queues = Array.from({ length: 250 }, (_, i) => ({
    id: randomId(random),
    name: `Queue ${String(i + 1).padStart(3, '0')}`,
    memberCount: Math.floor(random() * 50),
  }));
  const permissions = [
    ['directory', 'user', 'view'],
    ['directory', 'user', 'edit'],
    ['routing', 'queue', 'view'],
    ['routing', 'queue', 'edit'],
    ['authorization', 'role', 'view'],
    ['analytics', 'conversationDetail', 'view'],
    ['notifications', 'channel', 'add'],
  ].map(
    ([domain, entityName, action]) => ({ domain, entityName, action }) as GenesysState['permissions'][number],
  );
  const all = permissions.map((p) => `${p.domain}:${p.entityName}:${p.action}`);
  const roles = new Map<string, Role>([
    ['admin', { id: randomId(random), name: 'admin', permissions: all }],
    [
      'employee',
      {
        id: randomId(random),
        name: 'employee',
        permissions: all.filter((p) => p.endsWith(':view') || p === 'notifications:channel:add'),
      },
    ],
  ]);
  const conversations = seedConversations(random, now);
  const directory = seedDirectory(random, now, [...users.keys()], queues);
  for (const user of users.values()) {
    const def = directory.presenceDefinitions.find((d) => d.systemPresence === user.presence.systemPresence);
    if (def) user.presence.id = def.id;
  }
  return {
    clients,
    accounts,
    roles,
    authCodes: new Map(),
    refreshTokens: new Map(),
    sessions: new Map(),
    users,
    meUserId,
    queues,
    permissions,
    tokens: new Map(),
    rateWindows: new Map(),
    conversations,
    jobs: new Map(),
    directory,
  };
}
