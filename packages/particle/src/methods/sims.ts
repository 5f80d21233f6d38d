import type { ParticleBase } from '../base.js';
import type { BaseOptions } from '../types.js';

type Product = { product?: string | number };

export function listSIMs(
  this: ParticleBase,
  {
    iccid,
    deviceId,
    deviceName,
    page,
    perPage,
    product,
    auth,
    headers,
    context,
  }: BaseOptions &
    Product & {
      iccid?: string;
      deviceId?: string;
      deviceName?: string;
      page?: number;
      perPage?: number;
    } = {},
) {
  const uri = product ? `/v1/products/${product}/sims` : '/v1/sims';
  const query = product ? { iccid, deviceId, deviceName, page, per_page: perPage } : undefined;
  return this.get({ uri, auth, headers, query, context });
}

export function getSIMDataUsage(
  this: ParticleBase,
  { iccid, product, auth, headers, context }: BaseOptions & Product & { iccid: string },
) {
  const uri = product ? `/v1/products/${product}/sims/${iccid}/data_usage` : `/v1/sims/${iccid}/data_usage`;
  return this.get({ uri, auth, headers, context });
}

export function getFleetDataUsage(
  this: ParticleBase,
  { product, auth, headers, context }: BaseOptions & { product: string | number },
) {
  return this.get({ uri: `/v1/products/${product}/sims/data_usage`, auth, headers, context });
}

export function checkSIM(
  this: ParticleBase,
  { iccid, auth, headers, context }: BaseOptions & { iccid: string },
) {
  return this.head({ uri: `/v1/sims/${iccid}`, auth, headers, context });
}

export function removeSIM(
  this: ParticleBase,
  { iccid, product, auth, headers, context }: BaseOptions & Product & { iccid: string },
) {
  const uri = product ? `/v1/products/${product}/sims/${iccid}` : `/v1/sims/${iccid}`;
  return this.delete({ uri, auth, headers, context });
}

/** SIM cards and cellular data usage. */
export const simMethods = {
  listSIMs,
  getSIMDataUsage,
  getFleetDataUsage,
  checkSIM,
  removeSIM,
};
