import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { createTarGzip } from 'nanotar';
import { bodyOf, iso, productFor, str } from './access.js';
import { type AuthDeps, authenticate } from './auth.js';
import { findDevice } from './devices.js';
import { sendParticleError } from './errors.js';
import { deviceJson } from './state.js';

const PEM = /^-----BEGIN (RSA |EC )?PUBLIC KEY-----[\s\S]+-----END (RSA |EC )?PUBLIC KEY-----\s*$/;

/** Claim codes, device public keys and manufacturing backups. */
export function registerProvisioning(app: FastifyInstance, deps: AuthDeps): void {
  // Claim codes: deterministic per user (and product), 63 characters like the cloud's.
  for (const path of ['/v1/device_claims', '/v1/products/:product/device_claims']) {
    app.post<{ Params: { product?: string } }>(path, async (request, reply) => {
      const user = authenticate(deps, request, reply);
      if (!user) return reply;
      let productId: number | null = null;
      if (request.params.product !== undefined) {
        const state = deps.state();
        // Customers of the product may ask for claim codes too.
        const product = [...state.products.values()].find(
          (p) => String(p.id) === request.params.product || p.slug === request.params.product,
        );
        if (
          !product ||
          (user.customerOf !== product.id && !productFor(deps, reply, user, String(product.id)))
        ) {
          if (!reply.sent) sendParticleError(reply, 404, 'Product not found');
          return reply;
        }
        productId = product.id;
      }
      const iccid = bodyOf(request).iccid;
      if (iccid !== undefined && (typeof iccid !== 'string' || !/^\d{19,20}$/.test(iccid)))
        return sendParticleError(reply, 400, 'iccid must be 19 or 20 digits');
      const state = deps.state();
      state.seq++;
      const claim = createHash('sha256')
        .update(`${user.id}:${productId}:${state.seq}`)
        .digest('base64')
        .replace(/[^A-Za-z0-9]/g, '');
      const code = (claim + claim).slice(0, 63);
      const deviceIds = [...state.devices.values()]
        .filter((d) => d.ownerId === user.id && (productId === null || d.productId === productId))
        .map((d) => d.id);
      return { claim_code: code, device_ids: deviceIds };
    });
  }

  app.post<{ Params: { id: string } }>('/v1/provisioning/:id', async (request, reply) => {
    const user = authenticate(deps, request, reply);
    if (!user) return reply;
    const body = bodyOf(request);
    const key = str(body.publicKey);
    if (!key || !PEM.test(key.trim()))
      return sendParticleError(reply, 400, 'publicKey must be a PEM encoded public key');
    const algorithm = str(body.algorithm) ?? 'rsa';
    if (algorithm !== 'rsa' && algorithm !== 'ecc')
      return sendParticleError(reply, 400, 'algorithm must be rsa or ecc');
    if (!/^[0-9a-f]{24}$/i.test(request.params.id))
      return sendParticleError(reply, 400, 'device ID must be 24 hex digits');
    const d = deps.state().devices.get(request.params.id.toLowerCase());
    if (d && d.ownerId !== null && d.ownerId !== user.id)
      return sendParticleError(reply, 403, 'That belongs to someone else.');
    if (d) d.publicKey = { key, algorithm };
    return { ok: true, id: request.params.id.toLowerCase(), algorithm };
  });

  // A manufacturing backup: a .tar.gz with the device's record and public key.
  app.put<{ Params: { id: string } }>('/v1/devices/:id/backup_files', async (request, reply) => {
    const user = authenticate(deps, request, reply);
    if (!user) return reply;
    const d = findDevice(deps.state(), request.params.id, user.id);
    if (!d)
      return sendParticleError(
        reply,
        404,
        'Permission Denied',
        `I didn't recognize the device ${request.params.id}`,
      );
    const archive = await createTarGzip([
      {
        name: `${d.id}/device.json`,
        data: JSON.stringify({ ...deviceJson(d, true), backed_up_at: iso(deps.ctx.now()) }, null, 2),
      },
      { name: `${d.id}/public_key.pem`, data: d.publicKey?.key ?? '' },
    ]);
    return reply
      .type('application/gzip')
      .header('content-disposition', `attachment; filename="${d.id}.tar.gz"`)
      .send(Buffer.from(archive));
  });
}
