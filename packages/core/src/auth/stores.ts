import { ConfigError } from '../errors/index.js';
import type { TokenSet, TokenStore } from './types.js';

/** Keeps the token in memory (the default). */
export class MemoryTokenStore implements TokenStore {
  #token: TokenSet | undefined;
  constructor(initial?: TokenSet) {
    this.#token = initial;
  }
  get(): TokenSet | undefined {
    return this.#token;
  }
  set(t: TokenSet): void {
    this.#token = t;
  }
  clear(): void {
    this.#token = undefined;
  }
}

export interface WebStorageTokenStoreOptions {
  /** window.localStorage or window.sessionStorage (or anything with the Storage interface). */
  storage: Storage;
  /** Full key; defaults to `${prefix}_auth_data`. */
  key?: string;
  /** Key prefix, so several tokens can live side by side. Default "skyport". */
  prefix?: string;
}

/** Persists the token in browser localStorage/sessionStorage. */
export class WebStorageTokenStore implements TokenStore {
  readonly #storage: Storage;
  readonly key: string;
  constructor(o: WebStorageTokenStoreOptions) {
    if (!o?.storage || typeof o.storage.getItem !== 'function') {
      throw new ConfigError('WebStorageTokenStore needs a storage object (localStorage or sessionStorage)');
    }
    this.#storage = o.storage;
    this.key = o.key ?? `${o.prefix ?? 'skyport'}_auth_data`;
  }
  get(): TokenSet | undefined {
    const text = this.#storage.getItem(this.key);
    if (!text) return undefined;
    try {
      const t = JSON.parse(text) as TokenSet;
      return typeof t?.accessToken === 'string' ? t : undefined;
    } catch {
      return undefined;
    }
  }
  set(t: TokenSet): void {
    this.#storage.setItem(this.key, JSON.stringify(t));
  }
  clear(): void {
    this.#storage.removeItem(this.key);
  }
}
