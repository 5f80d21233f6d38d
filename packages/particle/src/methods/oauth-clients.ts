import type { ParticleBase } from '../base.js';
import type { BaseOptions } from '../types.js';

type Product = { product?: string | number };
const clientsUri = (product?: string | number, id?: string) =>
  (product ? `/v1/products/${product}/clients` : '/v1/clients') + (id ? `/${id}` : '');

export function listOAuthClients(
  this: ParticleBase,
  { product, auth, headers, context }: BaseOptions & Product = {},
) {
  return this.get({ uri: clientsUri(product), auth, headers, context });
}

export function createOAuthClient(
  this: ParticleBase,
  {
    name,
    type,
    redirect_uri,
    scope,
    product,
    auth,
    headers,
    context,
  }: BaseOptions &
    Product & {
      name: string;
      type: 'installed' | 'web' | 'remote' | string;
      redirect_uri?: string;
      scope?: string;
    },
) {
  return this.post({
    uri: clientsUri(product),
    auth,
    headers,
    data: { name, type, redirect_uri, scope },
    context,
  });
}

export function updateOAuthClient(
  this: ParticleBase,
  {
    clientId,
    name,
    scope,
    product,
    auth,
    headers,
    context,
  }: BaseOptions & Product & { clientId: string; name?: string; scope?: string },
) {
  return this.put({ uri: clientsUri(product, clientId), data: { name, scope }, auth, headers, context });
}

export function deleteOAuthClient(
  this: ParticleBase,
  { clientId, product, auth, headers, context }: BaseOptions & Product & { clientId: string },
) {
  return this.delete({ uri: clientsUri(product, clientId), auth, headers, context });
}

/** OAuth clients of the user or of a product. */
export const oauthClientMethods = {
  listOAuthClients,
  createOAuthClient,
  updateOAuthClient,
  deleteOAuthClient,
};
