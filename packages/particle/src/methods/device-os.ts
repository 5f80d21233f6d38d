import type { ParticleBase } from '../base.js';
import type { BaseOptions } from '../types.js';

export function listDeviceOsVersions(
  this: ParticleBase,
  {
    platformId,
    internalVersion,
    page,
    perPage,
    auth,
    headers,
    context,
  }: BaseOptions & { platformId?: number; internalVersion?: number; page?: number; perPage?: number } = {},
) {
  const query = { platform_id: platformId, internal_version: internalVersion, page, per_page: perPage };
  return this.get({ uri: '/v1/device-os/versions', query, auth, headers, context });
}

export function getDeviceOsVersion(
  this: ParticleBase,
  { version, platformId, auth, headers, context }: BaseOptions & { version: string; platformId?: number },
) {
  const query = platformId ? { platform_id: platformId } : {};
  return this.get({ uri: `/v1/device-os/versions/${version}`, query, auth, headers, context });
}

/** Device OS versions. */
export const deviceOsMethods = {
  listDeviceOsVersions,
  getDeviceOsVersion,
};
