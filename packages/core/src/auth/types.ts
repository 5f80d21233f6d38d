export interface TokenSet {
  accessToken: string;
  tokenType?: string;
  /** Epoch milliseconds. */
  expiresAt?: number;
  refreshToken?: string;
  scope?: string;
  /** The token endpoint's full answer. */
  raw?: Record<string, unknown>;
}

export interface TokenStore {
  get(): TokenSet | undefined | Promise<TokenSet | undefined>;
  set(t: TokenSet): void | Promise<void>;
  clear(): void | Promise<void>;
}

export interface TokenProvider {
  getAccessToken(options?: { forceRefresh?: boolean; signal?: AbortSignal }): Promise<string | undefined>;
  /** Called after a 401 with the token that was rejected. Resolve true to retry the request once. */
  onUnauthorized?(rejectedToken: string): Promise<boolean>;
}

export function isTokenProvider(v: unknown): v is TokenProvider {
  return typeof v === 'object' && v !== null && typeof (v as TokenProvider).getAccessToken === 'function';
}
