import type { ParticleBase } from '../base.js';
import type { BaseOptions } from '../types.js';

/** The signed-in user. */
export const userMethods = {
  getUserInfo(this: ParticleBase, { auth, headers, context }: BaseOptions = {}) {
    return this.get({ uri: '/v1/user', auth, headers, context });
  },
  resetPassword(
    this: ParticleBase,
    { username, headers, context }: Omit<BaseOptions, 'auth'> & { username: string },
  ) {
    return this.post({ uri: '/v1/user/password-reset', headers, data: { username }, context });
  },
  deleteUser(this: ParticleBase, { password, auth, headers, context }: BaseOptions & { password: string }) {
    return this.delete({ uri: '/v1/user', data: { password }, auth, headers, context });
  },
  trackingIdentity(
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
  },
};
