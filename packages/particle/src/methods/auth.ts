import type { ParticleBase } from '../base.js';
import type { BaseOptions, JSONResponse } from '../types.js';

type Opts = Omit<BaseOptions, 'auth'>;

export function login(
  this: ParticleBase,
  {
    username,
    password,
    tokenDuration = this.tokenDuration,
    headers,
    context,
  }: Opts & {
    username: string;
    password: string;
    tokenDuration?: number;
  },
): Promise<JSONResponse> {
  return this.request({
    uri: '/oauth/token',
    method: 'post',
    headers,
    context,
    form: {
      username,
      password,
      grant_type: 'password',
      client_id: this.clientId,
      client_secret: this.clientSecret,
      expires_in: tokenDuration,
    },
  });
}

export function sendOtp(
  this: ParticleBase,
  { mfaToken, otp, headers, context }: Opts & { mfaToken: string; otp: string },
) {
  return this.request({
    uri: '/oauth/token',
    method: 'post',
    headers,
    context,
    form: {
      grant_type: 'urn:custom:mfa-otp',
      mfa_token: mfaToken,
      otp,
      client_id: this.clientId,
      client_secret: this.clientSecret,
    },
  });
}

export function loginAsClientOwner(this: ParticleBase, { headers, context }: Opts = {}) {
  return this.request({
    uri: '/oauth/token',
    method: 'post',
    headers,
    context,
    form: { grant_type: 'client_credentials', client_id: this.clientId, client_secret: this.clientSecret },
  });
}

export function enableMfa(this: ParticleBase, { auth, headers, context }: BaseOptions = {}) {
  return this.get({ uri: '/v1/user/mfa-enable', auth, headers, context });
}

export function confirmMfa(
  this: ParticleBase,
  {
    mfaToken,
    otp,
    invalidateTokens = false,
    auth,
    headers,
    context,
  }: BaseOptions & { mfaToken: string; otp: string; invalidateTokens?: boolean },
) {
  const data: Record<string, unknown> = { mfa_token: mfaToken, otp };
  if (invalidateTokens) data.invalidate_tokens = true;
  return this.post({ uri: '/v1/user/mfa-enable', auth, headers, data, context });
}

export function disableMfa(
  this: ParticleBase,
  { currentPassword, auth, headers, context }: BaseOptions & { currentPassword: string },
) {
  return this.put({
    uri: '/v1/user/mfa-disable',
    auth,
    headers,
    data: { current_password: currentPassword },
    context,
  });
}

export function deleteAccessToken(this: ParticleBase, { token, headers, context }: Opts & { token: string }) {
  return this.delete({ uri: `/v1/access_tokens/${token}`, headers, context });
}

export function deleteCurrentAccessToken(this: ParticleBase, { auth, headers, context }: BaseOptions = {}) {
  return this.delete({ uri: '/v1/access_tokens/current', auth, headers, context });
}

export function deleteActiveAccessTokens(this: ParticleBase, { auth, headers, context }: BaseOptions = {}) {
  return this.delete({ uri: '/v1/access_tokens', auth, headers, context });
}

export function createCustomer(
  this: ParticleBase,
  {
    email,
    password,
    product,
    headers,
    context,
  }: Opts & { email: string; password: string; product: string | number },
) {
  return this.request({
    uri: `/v1/products/${product}/customers`,
    method: 'post',
    headers,
    context,
    form: {
      email,
      password,
      grant_type: 'client_credentials',
      client_id: this.clientId,
      client_secret: this.clientSecret,
    },
  });
}

/** OAuth logins, MFA and access tokens. */
export const authMethods = {
  login,
  sendOtp,
  loginAsClientOwner,
  enableMfa,
  confirmMfa,
  disableMfa,
  deleteAccessToken,
  deleteCurrentAccessToken,
  deleteActiveAccessTokens,
  createCustomer,
};
