// `client.auth` of createClient: every Genesys Cloud grant, chosen by `auth.type`. The shared sign-in logic is
// SignIn (./sign-in.ts); each grant's part is a Flow (./grants.ts). Apps that want only one grant in their bundle
// use the sign-in functions of @skyport/genesys-cloud/modular instead.
import { ConfigError, type HttpClientCore } from '@skyport/core';
import type { AuthOptions, GrantAuth } from './auth-options';
import {
  authorizationCodeFlow,
  clientCredentialsFlow,
  implicitFlow,
  pkceFlow,
  saml2BearerFlow,
} from './grants';
import { type Flow, SignIn } from './sign-in';

const FLOWS: Record<GrantAuth['type'], Flow | undefined> = {
  clientCredentials: clientCredentialsFlow,
  token: undefined,
  authorizationCode: authorizationCodeFlow,
  pkce: pkceFlow,
  implicit: implicitFlow,
  saml2Bearer: saml2BearerFlow,
};

function flowOf(options: AuthOptions | undefined): Flow | undefined {
  if (options === undefined || typeof options === 'string') return undefined;
  const o = options as { getAccessToken?: unknown; type?: unknown } | null;
  if (typeof o?.getAccessToken === 'function') return undefined;
  const type = o?.type;
  if (typeof options !== 'object' || options === null || !Object.hasOwn(FLOWS, type as string)) {
    throw new ConfigError(
      `auth.type must be one of ${Object.keys(FLOWS).join(', ')} (got ${JSON.stringify(type)})`,
    );
  }
  return FLOWS[type as GrantAuth['type']];
}

/** Sign-in state of one client: `client.auth`. */
export class GenesysAuth extends SignIn {
  constructor(options: AuthOptions | undefined, http: HttpClientCore, loginUrl: string) {
    super(options, http, loginUrl, flowOf(options));
  }
}
