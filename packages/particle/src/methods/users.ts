import type { ParticleBase } from '../base.js';
import type { BaseOptions } from '../types.js';

export function getUserInfo(this: ParticleBase, { auth, headers, context }: BaseOptions = {}) {
  return this.get({ uri: '/v1/user', auth, headers, context });
}

export function resetPassword(
  this: ParticleBase,
  { username, headers, context }: Omit<BaseOptions, 'auth'> & { username: string },
) {
  return this.post({ uri: '/v1/user/password-reset', headers, data: { username }, context });
}

export function deleteUser(
  this: ParticleBase,
  { password, auth, headers, context }: BaseOptions & { password: string },
) {
  return this.delete({ uri: '/v1/user', data: { password }, auth, headers, context });
}

export function trackingIdentity(
  this: ParticleBase,
  { full = false, auth, headers, context }: BaseOptions & { full?: boolean } = {},
) {
  return this.get({
    uri: '/v1/user/identify',
    auth,
    headers,
    query: full ? undefined : { tracking: 1 },
    context,
  });
}

export function createUser(
  this: ParticleBase,
  {
    username,
    password,
    accountInfo,
    utm,
    headers,
    context,
  }: Omit<BaseOptions, 'auth'> & {
    username: string;
    password: string;
    accountInfo?: Record<string, unknown>;
    utm?: Record<string, unknown>;
  },
) {
  return this.post({
    uri: '/v1/users',
    headers,
    data: { username, password, account_info: accountInfo, utm },
    context,
  });
}

export function setUserInfo(
  this: ParticleBase,
  { accountInfo, auth, headers, context }: BaseOptions & { accountInfo: Record<string, unknown> },
) {
  return this.put({ uri: '/v1/user', auth, headers, data: { account_info: accountInfo }, context });
}

export function changeUsername(
  this: ParticleBase,
  {
    currentPassword,
    username,
    invalidateTokens = false,
    auth,
    headers,
    context,
  }: BaseOptions & { currentPassword: string; username: string; invalidateTokens?: boolean },
) {
  const data: Record<string, unknown> = { username, current_password: currentPassword };
  if (invalidateTokens) data.invalidate_tokens = true;
  return this.put({ uri: '/v1/user', auth, headers, data, context });
}

export function changeUserPassword(
  this: ParticleBase,
  {
    currentPassword,
    password,
    invalidateTokens = false,
    auth,
    headers,
    context,
  }: BaseOptions & { currentPassword: string; password: string; invalidateTokens?: boolean },
) {
  const data: Record<string, unknown> = { password, current_password: currentPassword };
  if (invalidateTokens) data.invalidate_tokens = true;
  return this.put({ uri: '/v1/user', auth, headers, data, context });
}

/** The signed-in user. */
export const userMethods = {
  getUserInfo,
  resetPassword,
  deleteUser,
  trackingIdentity,
  createUser,
  setUserInfo,
  changeUsername,
  changeUserPassword,
};
