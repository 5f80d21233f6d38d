// The page: wires the Genesys Cloud and Particle panels to their sessions.
import { ApiError } from '@skyport/core';
import type { ParticleEvent } from '@skyport/particle';
import { particle as particleConfig, sandboxUrl } from './config';
import { GenesysSession, type Me } from './genesys';
import { MfaRequired, ParticleSession, type StreamStatus } from './particle';
import { badge, busy, byId, clearError, code, row, show, showError, text } from './ui';

/** Rows kept in the live event table. */
const MAX_EVENTS = 50;

text('sandbox-url', sandboxUrl);

// ---------------------------------------------------------------------------------------------- Genesys Cloud

const gc = new GenesysSession();
let me: Me | undefined;

function genesysSignedOut(): void {
  me = undefined;
  show('gc-signed-in', false);
  show('gc-signed-out', true);
  byId<HTMLInputElement>('gc-implicit').checked = gc.grant === 'implicit';
  byId('gc-notifications').replaceChildren();
}

async function genesysSignedIn(): Promise<void> {
  me = await gc.me();
  const token = await gc.token();
  text('gc-name', me.name);
  text('gc-email', me.email ?? '—');
  text('gc-id', me.id);
  setPresence(me.presence ?? 'unknown');
  text('gc-grant', gc.grant === 'implicit' ? 'Implicit grant' : 'Authorization code with PKCE');
  const expires = token?.expiresAt ? `, expires ${new Date(token.expiresAt).toLocaleString()}` : '';
  text('gc-token', `kept in localStorage as ${gc.storageKey}${expires}`);
  show('gc-signed-out', false);
  show('gc-signed-in', true);
  const userId = me.id;
  gc.watchPresence(userId, (event) => {
    const presence = event.eventBody.presenceDefinition?.systemPresence ?? 'unknown';
    setPresence(presence);
    const li = document.createElement('li');
    li.textContent = `${new Date().toLocaleTimeString()} ${event.topicName}: ${presence}`;
    byId('gc-notifications').prepend(li);
  }).catch((err) => showError('gc-error', 'Presence notifications failed', err));
}

function setPresence(presence: string): void {
  const el = byId('gc-presence');
  el.textContent = presence;
  el.className = presence === 'Available' ? 'badge ok' : 'badge warn';
  const select = byId<HTMLSelectElement>('gc-presence-select');
  if ([...select.options].some((o) => o.value === presence)) select.value = presence;
}

async function startGenesys(): Promise<void> {
  try {
    await gc.completeRedirect();
  } catch (err) {
    showError('gc-error', 'Sign-in was rejected', err);
    await gc.forget().catch(() => undefined);
    genesysSignedOut();
    return;
  }
  if (!(await gc.token())) return genesysSignedOut();
  try {
    await genesysSignedIn();
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      showError('gc-error', 'The stored token is no longer valid; sign in again', err);
      await gc.forget();
    } else {
      showError('gc-error', 'Could not load your user', err);
    }
    genesysSignedOut();
  }
}

byId('gc-login').addEventListener('click', (e) => {
  clearError('gc-error');
  const grant = byId<HTMLInputElement>('gc-implicit').checked ? 'implicit' : 'pkce';
  busy(e.currentTarget as HTMLButtonElement, () => gc.signIn(grant)).catch((err) =>
    showError('gc-error', 'Could not start the sign-in', err),
  );
});

byId('gc-presence-form').addEventListener('submit', (e) => {
  e.preventDefault();
  if (!me) return;
  clearError('gc-error');
  const wanted = byId<HTMLSelectElement>('gc-presence-select').value;
  const button = (e.currentTarget as HTMLFormElement).querySelector('button');
  busy(button, () => gc.setPresence((me as Me).id, wanted))
    .then((presence) => setPresence(presence ?? wanted))
    .catch((err) => showError('gc-error', 'Could not change the presence', err));
});

byId('gc-logout').addEventListener('click', (e) => {
  clearError('gc-error');
  busy(e.currentTarget as HTMLButtonElement, () => gc.signOut()).then(
    // The login service's logout page ends its session (next sign-in asks for the password) and comes back here.
    (logoutPage) => location.assign(logoutPage),
    (err) => {
      showError('gc-error', 'Signed out, but revoking the token failed', err);
      genesysSignedOut();
    },
  );
});

// ---------------------------------------------------------------------------------------------------- Particle

const particle = new ParticleSession();
let mfaToken: string | undefined;

function particleSignedOut(): void {
  mfaToken = undefined;
  show('particle-signed-in', false);
  show('particle-otp-row', false);
  show('particle-login', true);
  const user = byId<HTMLInputElement>('particle-username');
  const password = byId<HTMLInputElement>('particle-password');
  if (!user.value) user.value = particleConfig.username;
  if (!password.value) password.value = particleConfig.password;
}

function setStreamStatus(status: StreamStatus, detail?: string): void {
  const el = byId('events-status');
  el.textContent = detail ? `${status} — ${detail}` : status;
  el.className = status === 'live' ? 'badge ok' : 'badge warn';
}

function addEvent(e: ParticleEvent): void {
  const time = e.published_at ? new Date(e.published_at).toLocaleTimeString() : '';
  const tr = row([time, code(e.name), e.data ?? '', code(e.coreid)]);
  tr.dataset.event = e.name;
  const body = byId('events').querySelector('tbody') as HTMLElement;
  body.prepend(tr);
  show('events-empty', false);
  while (body.children.length > MAX_EVENTS) body.lastElementChild?.remove();
}

async function particleSignedIn(): Promise<void> {
  const devices = await particle.devices();
  const body = byId('devices').querySelector('tbody') as HTMLElement;
  body.replaceChildren(
    ...devices.map((d) =>
      row([
        d.name,
        code(d.id),
        d.online ? badge('online', 'ok') : badge('offline'),
        d.platformId === undefined ? '—' : String(d.platformId),
        d.product === undefined ? '—' : String(d.product),
      ]),
    ),
  );
  (byId('events').querySelector('tbody') as HTMLElement).replaceChildren();
  show('events-empty', true);
  show('particle-login', false);
  show('particle-signed-in', true);
  try {
    await particle.watchEvents(addEvent, setStreamStatus);
  } catch (err) {
    // The devices are still worth showing; say why the live events are missing.
    setStreamStatus('closed');
    showError('particle-error', 'Live events are unavailable', err);
  }
}

async function startParticle(): Promise<void> {
  if (!particle.token) return particleSignedOut();
  try {
    await particleSignedIn();
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      showError('particle-error', 'The stored Particle token is no longer valid; sign in again', err);
      particle.forget();
    } else {
      showError('particle-error', 'Could not load your devices', err);
      particle.stopEvents();
    }
    particleSignedOut();
  }
}

byId('particle-login').addEventListener('submit', (e) => {
  e.preventDefault();
  clearError('particle-error');
  const username = byId<HTMLInputElement>('particle-username').value.trim();
  const password = byId<HTMLInputElement>('particle-password').value;
  const otp = byId<HTMLInputElement>('particle-otp').value.trim();
  const button = (e.currentTarget as HTMLFormElement).querySelector('button');
  busy(button, async () => {
    if (mfaToken) await particle.sendOtp(mfaToken, otp);
    else await particle.signIn(username, password);
    mfaToken = undefined;
    await startParticle();
  }).catch((err) => {
    if (err instanceof MfaRequired) {
      mfaToken = err.mfaToken;
      show('particle-otp-row', true);
      byId('particle-otp').focus();
    }
    showError(
      'particle-error',
      err instanceof MfaRequired ? 'One more step' : 'Particle sign-in failed',
      err,
    );
  });
});

byId('particle-logout').addEventListener('click', (e) => {
  clearError('particle-error');
  busy(e.currentTarget as HTMLButtonElement, () => particle.signOut()).finally(particleSignedOut);
});

// Both panels start independently; the page marks itself ready for people (and tests) once both have settled.
Promise.allSettled([startGenesys(), startParticle()]).then(() => {
  document.body.dataset.ready = 'true';
});
