import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type AuthDeps, authenticate } from './auth.js';
import { findProduct } from './devices.js';
import { sendParticleError } from './errors.js';
import type { OAuthClient } from './state.js';

type Body = Record<string, unknown>;
const TYPES = ['installed', 'web', 'customer'] as const;

const clientJson = (c: OAuthClient, withSecret: boolean) => ({
  id: c.id,
  name: c.name,
  type: c.type,
  ...(c.redirect_uri ? { redirect_uri: c.redirect_uri } : {}),
  ...(c.scope ? { scope: c.scope } : {}),
  ...(c.productId !== null ? { product_id: c.productId } : {}),
  ...(withSecret ? { secret: c.secret } : {}),
});

/** OAuth clients of the user (/v1/clients) and of products (/v1/products/:product/clients). */
export function registerClients(app: FastifyInstance, deps: AuthDeps): void {
  const scope = (request: FastifyRequest<{ Params: { product?: string } }>, reply: FastifyReply) => {
    const user = authenticate(deps, request, reply);
    if (!user) return undefined;
    if (request.params.product === undefined) return { user, productId: null };
    const product = findProduct(deps.state(), request.params.product, user);
    if (!product) {
      sendParticleError(
        reply,
        404,
        'Product not found',
        `no product ${JSON.stringify(request.params.product)}`,
      );
      return undefined;
    }
    return { user, productId: product.id };
  };
  const mine = (s: { user: { id: string }; productId: number | null }) =>
    [...deps.state().clients.values()].filter((c) =>
      s.productId === null ? c.productId === null && c.userId === s.user.id : c.productId === s.productId,
    );

  for (const prefix of ['/v1/clients', '/v1/products/:product/clients']) {
    app.get<{ Params: { product?: string } }>(prefix, async (request, reply) => {
      const s = scope(request, reply);
      return s ? { ok: true, clients: mine(s).map((c) => clientJson(c, false)) } : reply;
    });

    app.post<{ Params: { product?: string } }>(prefix, async (request, reply) => {
      const s = scope(request, reply);
      if (!s) return reply;
      const body = (request.body ?? {}) as Body;
      if (typeof body.name !== 'string' || body.name.trim() === '')
        return sendParticleError(reply, 400, 'name is required');
      if (!TYPES.includes(body.type as (typeof TYPES)[number])) {
        return sendParticleError(reply, 400, `type must be one of ${TYPES.join(', ')}`);
      }
      if (body.type === 'web' && typeof body.redirect_uri !== 'string') {
        return sendParticleError(reply, 400, 'redirect_uri is required for web clients');
      }
      const c: OAuthClient = {
        id: `${body.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${randomBytes(3).toString('hex')}`,
        secret: randomBytes(20).toString('hex'),
        name: body.name,
        type: body.type as OAuthClient['type'],
        redirect_uri: typeof body.redirect_uri === 'string' ? body.redirect_uri : undefined,
        scope: typeof body.scope === 'string' ? body.scope : undefined,
        userId: s.user.id,
        productId: s.productId,
      };
      deps.state().clients.set(c.id, c);
      return { ok: true, client: clientJson(c, true) };
    });

    app.put<{ Params: { product?: string; id: string } }>(`${prefix}/:id`, async (request, reply) => {
      const s = scope(request, reply);
      if (!s) return reply;
      const c = mine(s).find((x) => x.id === request.params.id);
      if (!c) return sendParticleError(reply, 404, 'Client not found');
      const body = (request.body ?? {}) as Body;
      if (body.name !== undefined) {
        if (typeof body.name !== 'string' || body.name.trim() === '')
          return sendParticleError(reply, 400, 'name must be a non-empty string');
        c.name = body.name;
      }
      if (body.scope !== undefined && body.scope !== null) {
        if (typeof body.scope !== 'string') return sendParticleError(reply, 400, 'scope must be a string');
        c.scope = body.scope;
      }
      return { ok: true, client: clientJson(c, false) };
    });

    app.delete<{ Params: { product?: string; id: string } }>(`${prefix}/:id`, async (request, reply) => {
      const s = scope(request, reply);
      if (!s) return reply;
      const c = mine(s).find((x) => x.id === request.params.id);
      if (!c) return sendParticleError(reply, 404, 'Client not found');
      deps.state().clients.delete(c.id);
      return reply.code(204).send();
    });
  }
}
