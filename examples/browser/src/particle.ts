// Particle for the page: username/password sign-in (with the MFA one-time-password step), devices and live events.
// The token is kept in localStorage so a reload stays signed in.
import Particle, { type EventStream, ParticleApiError, type ParticleEvent } from '@skyport/particle';
import { particle as config } from './config';

export interface Device {
  id: string;
  name: string;
  online: boolean;
  platformId?: number;
  product?: number;
  lastHeard?: string;
}

/** Thrown by signIn when the account has two-step authentication: call `sendOtp(mfaToken, otp)` next. */
export class MfaRequired extends Error {
  override readonly name = 'MfaRequired';
  constructor(readonly mfaToken: string) {
    super('This account uses two-step authentication: enter the code from your authenticator app.');
  }
}

export type StreamStatus = 'connecting' | 'live' | 'reconnecting' | 'closed';

export class ParticleSession {
  readonly api = new Particle({ baseUrl: config.baseUrl, retry: { maxRetries: 1 }, timeout: 15_000 });
  private stream: EventStream | undefined;

  get token(): string | undefined {
    return localStorage.getItem(config.tokenKey) ?? undefined;
  }

  async signIn(username: string, password: string): Promise<void> {
    try {
      const { body } = await this.api.login({ username, password });
      this.keep(body);
    } catch (err) {
      const body =
        err instanceof ParticleApiError ? (err.body as { error?: string; mfa_token?: string }) : undefined;
      if (body?.error === 'mfa_required' && body.mfa_token) throw new MfaRequired(body.mfa_token);
      throw err;
    }
  }

  async sendOtp(mfaToken: string, otp: string): Promise<void> {
    const { body } = await this.api.sendOtp({ mfaToken, otp });
    this.keep(body);
  }

  private keep(body: unknown): void {
    const token = (body as { access_token?: unknown }).access_token;
    if (typeof token !== 'string' || !token) throw new Error('the Particle login answer has no access_token');
    localStorage.setItem(config.tokenKey, token);
  }

  async devices(): Promise<Device[]> {
    const { body } = await this.api.listDevices({ auth: this.requireToken() });
    const list = Array.isArray(body) ? (body as Record<string, unknown>[]) : [];
    return list.map((d) => ({
      id: String(d.id),
      name: typeof d.name === 'string' && d.name ? d.name : String(d.id),
      online: d.online === true || d.connected === true,
      ...(typeof d.platform_id === 'number' ? { platformId: d.platform_id } : {}),
      // Outside a product the API reports the platform id as product_id.
      ...(typeof d.product_id === 'number' && d.product_id !== d.platform_id
        ? { product: d.product_id }
        : {}),
      ...(typeof d.last_heard === 'string' ? { lastHeard: d.last_heard } : {}),
    }));
  }

  /** Streams the events of the user's devices (and the user's own publishes) until `stopEvents()`. */
  async watchEvents(
    onEvent: (e: ParticleEvent) => void,
    onStatus: (s: StreamStatus, detail?: string) => void,
  ) {
    this.stopEvents();
    onStatus('connecting');
    const stream = await this.api.getEventStream({ deviceId: 'mine', auth: this.requireToken() });
    this.stream = stream;
    stream.on('event', (e: ParticleEvent) => onEvent(e));
    stream.on('disconnect', () => onStatus('reconnecting'));
    stream.on('reconnect-success', () => onStatus('live'));
    stream.on('error', (err: Error) => onStatus('reconnecting', err.message));
    onStatus('live');
  }

  stopEvents(): void {
    this.stream?.abort();
    this.stream = undefined;
  }

  /** Revokes the token (errors ignored: it is forgotten anyway) and forgets it. */
  async signOut(): Promise<void> {
    this.stopEvents();
    const auth = this.token;
    localStorage.removeItem(config.tokenKey);
    if (auth) await this.api.deleteCurrentAccessToken({ auth }).catch(() => undefined);
  }

  /** Forgets a token the API refused. */
  forget(): void {
    this.stopEvents();
    localStorage.removeItem(config.tokenKey);
  }

  private requireToken(): string {
    const t = this.token;
    if (!t) throw new Error('not signed in to Particle');
    return t;
  }
}
