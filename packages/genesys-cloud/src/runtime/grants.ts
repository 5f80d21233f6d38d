// What each Genesys Cloud grant adds to a SignIn (./sign-in.ts). Each Flow references only its own grant
// functions from @skyport/core, so a bundle carries the flows an app names and no others.
import {
  AuthError,
  authorizationCodeGrant,
  clientCredentialsGrant,
  keepRefreshToken,
  parseImplicitRedirect,
  postTokenForm,
  refreshTokenGrant,
  saml2BearerGrant,
} from '@skyport/core';
import type {
  AuthorizationCodeAuth,
  ClientCredentialsAuth,
  ImplicitAuth,
  PkceAuth,
  Saml2BearerAuth,
} from './auth-options';
import { type Flow, required } from './sign-in';

const notSignedIn = (grant: string) =>
  new AuthError(
    `${grant}: not signed in (send the user to client.auth.authorizeUrl(), then call handleRedirect())`,
  );

/** Service-to-service: the client credentials grant, run again when the token expires. */
export const clientCredentialsFlow: Flow = {
  obtainer(grant, client) {
    const g = grant as ClientCredentialsAuth;
    const clientId = required(g, 'clientId', g.type);
    const clientSecret = required(g, 'clientSecret', g.type);
    return () =>
      clientCredentialsGrant({ client, clientId, clientSecret, ...(g.scope ? { scope: g.scope } : {}) });
  },
};

/** SAML2 bearer: an identity provider's assertion traded for a token. */
export const saml2BearerFlow: Flow = {
  obtainer(grant, client) {
    const g = grant as Saml2BearerAuth;
    const base = {
      client,
      clientId: required(g, 'clientId', g.type),
      clientSecret: required(g, 'clientSecret', g.type),
      orgName: required(g, 'orgName', g.type),
      assertion: required(g, 'assertion', g.type),
    };
    return () => saml2BearerGrant(base);
  },
};

/** Authorization code (confidential clients): the code exchanged with the secret, then refresh tokens. */
export const authorizationCodeFlow: Flow = {
  responseType: 'code',
  obtainer(grant, client, takeCode) {
    const g = grant as AuthorizationCodeAuth;
    const clientId = required(g, 'clientId', g.type);
    const clientSecret = required(g, 'clientSecret', g.type);
    const redirectUri = required(g, 'redirectUri', g.type);
    return async (current) => {
      const code = takeCode();
      if (code)
        return authorizationCodeGrant({ client, clientId, clientSecret, redirectUri, code: code.code });
      const refreshToken = current?.refreshToken ?? g.refreshToken;
      if (refreshToken) return refreshTokenGrant({ client, clientId, clientSecret, refreshToken });
      throw notSignedIn('authorization code grant');
    };
  },
};

/**
 * Authorization code with PKCE (public clients: browsers, CLIs, desktop apps): no secret, so the client is named
 * in the form; refresh tokens. Its options are checked here, so the token requests are posted as they are.
 */
export const pkceFlow: Flow = {
  responseType: 'code',
  pkce: true,
  obtainer(grant, client, takeCode) {
    const g = grant as PkceAuth;
    const client_id = required(g, 'clientId', g.type);
    const redirect_uri = required(g, 'redirectUri', g.type);
    return async (current) => {
      const code = takeCode();
      if (code?.codeVerifier) {
        return postTokenForm('PKCE grant', client, {
          grant_type: 'authorization_code',
          code: code.code,
          code_verifier: code.codeVerifier,
          redirect_uri,
          client_id,
        });
      }
      const refresh_token = current?.refreshToken;
      if (refresh_token) {
        const form = { grant_type: 'refresh_token', refresh_token, client_id };
        return keepRefreshToken(await postTokenForm('refresh token grant', client, form), refresh_token);
      }
      throw notSignedIn('PKCE grant');
    };
  },
};

/** Implicit (browsers): the token arrives in the redirect's fragment and cannot be refreshed. */
export const implicitFlow: Flow = {
  responseType: 'token',
  obtainer(grant) {
    const g = grant as ImplicitAuth;
    required(g, 'clientId', g.type);
    required(g, 'redirectUri', g.type);
    return undefined;
  },
  readToken: parseImplicitRedirect,
};
