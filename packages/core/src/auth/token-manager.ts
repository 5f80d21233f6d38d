// Holds the current token, refreshes it single-flight, and bounds how long other callers wait.
import { AuthError, ConfigError, messageOf } from '../errors/index.js';
import { MemoryTokenStore } from './stores.js';
import type { TokenProvider, TokenSet, TokenStore } from './types.js';

export interface TokenManagerOptions {
  store?: TokenStore;
  /** Runs the grant or the refresh; receives the current token (with its refreshToken) when there is one. */
  obtain?: (current?: TokenSet) => Promise<TokenSet>;
  /** Refresh automatically when expired or rejected with 401. Default true (seed 002 refresh_access_token). */
  refresh?: boolean;
  /** Refresh this long before expiry. Default 30000 ms. */
  refreshSkewMs?: number;
  /** How long callers wait for a refresh started by another caller. Default 10000 ms (seed 002). */
  waitTimeoutMs?: number;
}

/** A wait setting in ms: a finite number >= 0 (ConfigError naming the setting otherwise). */
function checkMs(name: string, v: number): number {
  if (!(Number.isFinite(v) && v >= 0))
    throw new ConfigError(`${name} must be a non-negative number (got ${v})`);
  return v;
}

export class TokenManager implements TokenProvider {
  readonly #store: TokenStore;
  #obtainFn: TokenManagerOptions['obtain'];
  #refreshEnabled: boolean;
  #skew: number;
  #waitTimeout: number;
  #inflight: Promise<TokenSet> | undefined;

  constructor(o: TokenManagerOptions = {}) {
    this.#store = o.store ?? new MemoryTokenStore();
    this.#obtainFn = o.obtain;
    this.#refreshEnabled = o.refresh ?? true;
    this.#waitTimeout = checkMs('waitTimeoutMs', o.waitTimeoutMs ?? 10_000);
    this.#skew = checkMs('refreshSkewMs', o.refreshSkewMs ?? 30_000);
  }

  /** Live changes (config reload); settings left undefined keep their value. Checked first: on error nothing changes. */
  configure(o: Omit<TokenManagerOptions, 'store'>): void {
    const wait = checkMs('waitTimeoutMs', o.waitTimeoutMs ?? this.#waitTimeout);
    this.#skew = checkMs('refreshSkewMs', o.refreshSkewMs ?? this.#skew);
    this.#waitTimeout = wait;
    if (o.obtain !== undefined) this.#obtainFn = o.obtain;
    if (o.refresh !== undefined) this.#refreshEnabled = o.refresh;
  }

  get options(): Readonly<Omit<TokenManagerOptions, 'store' | 'obtain'>> {
    return { refresh: this.#refreshEnabled, refreshSkewMs: this.#skew, waitTimeoutMs: this.#waitTimeout };
  }

  async setToken(t: TokenSet | string): Promise<void> {
    const token = typeof t === 'string' ? { accessToken: t } : t;
    if (!token || typeof token.accessToken !== 'string' || !token.accessToken) {
      throw new AuthError('setToken needs a non-empty access token');
    }
    await this.#store.set(token);
  }

  async getToken(): Promise<TokenSet | undefined> {
    return await this.#store.get();
  }

  async clear(): Promise<void> {
    await this.#store.clear();
  }

  /** When we obtained the current token: short-lived tokens get a proportionally smaller skew. */
  #obtained: { accessToken: string; at: number } | undefined;

  #isFresh(t: TokenSet | undefined): t is TokenSet {
    if (!t) return false;
    if (t.expiresAt === undefined) return true;
    let skew = this.#skew;
    if (this.#obtained?.accessToken === t.accessToken) {
      // Never refresh earlier than half-way through a token's life (avoids a refresh storm for short tokens).
      skew = Math.min(skew, (t.expiresAt - this.#obtained.at) / 2);
    }
    return t.expiresAt - skew > Date.now();
  }

  async getAccessToken(
    options: { forceRefresh?: boolean; signal?: AbortSignal } = {},
  ): Promise<string | undefined> {
    const current = await this.#store.get();
    if (!options.forceRefresh && this.#isFresh(current)) return current.accessToken;
    // Without a way to obtain tokens, or with refresh disabled and a token present, use what we have.
    if (!this.#obtainFn || (!this.#refreshEnabled && current && !options.forceRefresh))
      return current?.accessToken;
    const t = await this.refresh(options.signal);
    return t.accessToken;
  }

  /**
   * Runs `obtain` once for all concurrent callers. The caller that starts it waits for it; callers that
   * join an already-running refresh wait at most `waitTimeoutMs`, then fail with AuthError.
   */
  async refresh(signal?: AbortSignal): Promise<TokenSet> {
    const obtain = this.#obtainFn;
    if (!obtain) throw new AuthError('no way to obtain a token: configure a grant or call setToken');
    if (this.#inflight) return this.#waitFor(this.#inflight, signal);
    const run = (async () => {
      const current = await this.#store.get();
      let next: TokenSet;
      try {
        next = await obtain(current);
      } catch (err) {
        if (err instanceof AuthError) throw err;
        throw new AuthError(`token request failed: ${messageOf(err)}`, {
          cause: err,
        });
      }
      if (!next || typeof next.accessToken !== 'string' || !next.accessToken) {
        throw new AuthError('token request returned no access token');
      }
      await this.#store.set(next);
      this.#obtained = { accessToken: next.accessToken, at: Date.now() };
      return next;
    })();
    this.#inflight = run;
    const done = () => {
      if (this.#inflight === run) this.#inflight = undefined;
    };
    run.then(done, done);
    return run;
  }

  #waitFor(p: Promise<TokenSet>, signal?: AbortSignal): Promise<TokenSet> {
    const ms = this.#waitTimeout;
    return new Promise<TokenSet>((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanup();
        reject(new AuthError(`timed out after ${ms} ms waiting for another caller's token refresh`));
      }, ms);
      const onAbort = () => {
        cleanup();
        reject(new AuthError('aborted while waiting for a token refresh', { cause: signal?.reason }));
      };
      const cleanup = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      // Settles with the refresh unless the wait timed out or was aborted first (then these calls do nothing).
      p.then(resolve, reject).finally(cleanup);
    });
  }

  async onUnauthorized(rejectedToken: string): Promise<boolean> {
    if (!this.#refreshEnabled || !this.#obtainFn) return false;
    const current = await this.#store.get();
    // Someone already replaced the rejected token: just retry with the new one.
    if (current && current.accessToken !== rejectedToken && this.#isFresh(current)) return true;
    await this.refresh();
    return true;
  }
}

/** A provider for a fixed caller-supplied token. */
export function staticToken(token: string): TokenProvider {
  return { getAccessToken: async () => token };
}
