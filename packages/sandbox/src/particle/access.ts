import type { FastifyReply, FastifyRequest } from 'fastify';
import { type AuthDeps, authenticate } from './auth.js';
import { sendParticleError } from './errors.js';
import type { Namespace, Org, ParticleUser, Product } from './state.js';

/** Who may do what: products through their team, orgs through their members, and owner namespaces. */

export type Body = Record<string, unknown>;

export const bodyOf = (request: FastifyRequest): Body =>
  request.body && typeof request.body === 'object' && !Buffer.isBuffer(request.body)
    ? (request.body as Body)
    : {};

export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export const iso = (ms: number | null | undefined): string | null =>
  ms === null || ms === undefined ? null : new Date(ms).toISOString();

/** `http://host:port` of the request, for URLs in answers. */
export const originOf = (request: FastifyRequest): string =>
  `${request.protocol}://${request.headers.host ?? 'localhost'}`;

export function isMember(product: Product, user: ParticleUser): boolean {
  if (user.customerOf === product.id) return false;
  return product.ownerId === user.id || product.team.some((m) => m.userId === user.id);
}

/** The product by id or slug if the user is on its team; otherwise answers 404 and returns undefined. */
export function productFor(
  deps: AuthDeps,
  reply: FastifyReply,
  user: ParticleUser,
  idOrSlug: string,
): Product | undefined {
  for (const p of deps.state().products.values()) {
    if ((String(p.id) === idOrSlug || p.slug === idOrSlug) && isMember(p, user)) return p;
  }
  sendParticleError(
    reply,
    404,
    'Product not found',
    `no product ${JSON.stringify(idOrSlug)} on your account`,
  );
  return undefined;
}

export function orgFor(
  deps: AuthDeps,
  reply: FastifyReply,
  user: ParticleUser,
  idOrSlug: string,
): Org | undefined {
  for (const o of deps.state().orgs.values()) {
    if ((o.id === idOrSlug || o.slug === idOrSlug) && o.memberIds.includes(user.id)) return o;
  }
  sendParticleError(reply, 404, 'Organization not found', `no organization ${JSON.stringify(idOrSlug)}`);
  return undefined;
}

export interface Scoped {
  user: ParticleUser;
  ns: Namespace;
  product?: Product;
  org?: Org;
}

/**
 * Authenticates and resolves the owner namespace from `:product` or `:org` route params (else the user's own).
 * Answers 401/404 itself and returns undefined on failure.
 */
export function scoped(deps: AuthDeps, request: FastifyRequest, reply: FastifyReply): Scoped | undefined {
  const user = authenticate(deps, request, reply);
  if (!user) return undefined;
  const params = (request.params ?? {}) as { product?: string; org?: string };
  if (params.product !== undefined) {
    const product = productFor(deps, reply, user, params.product);
    return product ? { user, ns: `product:${product.id}`, product } : undefined;
  }
  if (params.org !== undefined) {
    const org = orgFor(deps, reply, user, params.org);
    return org ? { user, ns: `org:${org.id}`, org } : undefined;
  }
  return { user, ns: `user:${user.id}` };
}

/** Reads `page` and `per_page` (or `limit`); answers 400 and returns undefined when they are not positive integers. */
export function paging(
  reply: FastifyReply,
  query: Record<string, unknown>,
  defaults: { perPage: number; max: number; perPageKey?: string },
): { page: number; perPage: number } | undefined {
  const key = defaults.perPageKey ?? 'per_page';
  const page = query.page === undefined ? 1 : Number(query.page);
  const perPage = query[key] === undefined ? defaults.perPage : Number(query[key]);
  if (!Number.isInteger(page) || page < 1) {
    sendParticleError(reply, 400, 'page must be a positive integer');
    return undefined;
  }
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > defaults.max) {
    sendParticleError(reply, 400, `${key} must be an integer from 1 to ${defaults.max}`);
    return undefined;
  }
  return { page, perPage };
}

export function pageOf<T>(list: T[], p: { page: number; perPage: number }) {
  return {
    items: list.slice((p.page - 1) * p.perPage, p.page * p.perPage),
    meta: {
      page: p.page,
      per_page: p.perPage,
      total_pages: Math.max(1, Math.ceil(list.length / p.perPage)),
      total: list.length,
    },
  };
}

/** Values of an array query parameter sent as `key=a,b`, `key[]=a` or `key[0]=a` (the `qs` form). */
export function listParam(query: Record<string, unknown>, key: string): string[] | undefined {
  const out: string[] = [];
  let seen = false;
  for (const [k, v] of Object.entries(query)) {
    if (k !== key && !new RegExp(`^${key}\\[\\d*\\]$`).test(k)) continue;
    seen = true;
    for (const item of Array.isArray(v) ? v : [v]) {
      for (const part of String(item).split(',')) if (part !== '') out.push(part);
    }
  }
  return seen ? out : undefined;
}
