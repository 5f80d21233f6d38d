// Values the compat ApiClient takes and gives (the official SDK's AuthData, login options, extended response).
import type { AuthPopupConfiguration } from './popup';

/** What the login methods resolve to (and `client.authData`). */
export interface AuthData {
  accessToken?: string;
  refreshToken?: string;
  state?: string;
  tokenExpiryTime?: number;
  tokenExpiryTimeString?: string;
  error?: string;
  error_description?: string;
}

export interface LoginImplicitGrantOptions {
  authPopupConfiguration?: AuthPopupConfiguration;
  state?: string;
  org?: string;
  provider?: string;
  target?: string;
  login_hint?: string;
  prompt?: string;
}

export type LoginPKCEGrantOptions = LoginImplicitGrantOptions;

/** The value a call resolves to with `setReturnExtendedResponses(true)`. */
export interface ExtendedResponse<T = unknown> {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  body: T;
  text: string | undefined;
  error: null;
}
