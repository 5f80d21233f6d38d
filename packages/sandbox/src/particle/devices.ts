import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isMember, orgFor } from './access.js';
import { authenticate } from './auth.js';
import { sendParticleError } from './errors.js';
import type { EventBus } from './events.js';
import { type FirmwareDeps, flashBinary, flashFromRequest } from './firmware.js';
import { deviceJson, type ParticleDevice, type ParticleState, type ParticleUser } from './state.js';

type Body = Record<string, unknown>;
const bodyOf = (request: FastifyRequest): Body =>
  request.body && typeof request.body === 'object' && !Buffer.isBuffer(request.body)
    ? (request.body as Body)
    : {};

/** The product by id or slug; with `user`, only when that user is on its team. */
export function findProduct(state: ParticleState, idOrSlug: string, user?: ParticleUser) {
  for (const p of state.products.values()) {
    if (String(p.id) !== idOrSlug && p.slug !== idOrSlug) continue;
    return !user || isMember(p, user) ? p : undefined;
  }
  return undefined;
}

/** A device by id or name, visible to the user (owned) or inside the given product. */
export function findDevice(state: ParticleState, idOrName: string, userId: string, productId?: number) {
  for (const d of state.devices.values()) {
    if (d.id !== idOrName && d.name !== idOrName) continue;
    if (productId !== undefined ? d.productId === productId : d.ownerId === userId) return d;
  }
  return undefined;
}

const notFound = (reply: FastifyReply, id: string) =>
  sendParticleError(
    reply,
    404,
    'Permission Denied',
    `I didn't recognize the device name or ID ${JSON.stringify(id)}`,
  );

export interface DeviceDeps extends FirmwareDeps {
  bus: () => EventBus;
}

interface Params {
  product?: string;
  id: string;
  name?: string;
}

/** Device routes under /v1/devices and /v1/products/:product/devices, functions and variables included. */
export function registerDevices(app: FastifyInstance, deps: DeviceDeps): void {
  /** Authenticates, resolves the product (if in the path) and the device; answers the error itself. */
  const resolve = (request: FastifyRequest<{ Params: Params }>, reply: FastifyReply) => {
    const user = authenticate(deps, request, reply);
    if (!user) return undefined;
    let productId: number | undefined;
    if (request.params.product !== undefined) {
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
      productId = product.id;
    }
    const device = findDevice(deps.state(), request.params.id, user.id, productId);
    if (!device) {
      notFound(reply, request.params.id);
      return undefined;
    }
    return { user, device, productId };
  };

  app.get('/v1/devices', async (request, reply) => {
    const user = authenticate(deps, request, reply);
    if (!user) return reply;
    return [...deps.state().devices.values()]
      .filter((d) => d.ownerId === user.id)
      .map((d) => deviceJson(d, false));
  });

  app.get<{ Params: { product: string }; Querystring: Record<string, string | undefined> }>(
    '/v1/products/:product/devices',
    async (request, reply) => {
      const user = authenticate(deps, request, reply);
      if (!user) return reply;
      const product = findProduct(deps.state(), request.params.product, user);
      if (!product) return sendParticleError(reply, 404, 'Product not found');
      const q = request.query;
      const page = q.page === undefined ? 1 : Number(q.page);
      const perPage = q.per_page === undefined ? 25 : Number(q.per_page);
      if (!Number.isInteger(page) || page < 1)
        return sendParticleError(reply, 400, 'page must be a positive integer');
      if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100) {
        return sendParticleError(reply, 400, 'per_page must be an integer from 1 to 100');
      }
      let list = [...deps.state().devices.values()].filter((d) => d.productId === product.id);
      if (q.deviceId) list = list.filter((d) => d.id.startsWith(q.deviceId as string));
      if (q.deviceName) list = list.filter((d) => d.name.includes(q.deviceName as string));
      if (q.groups) {
        const groups = q.groups.split(',');
        list = list.filter((d) => d.groups.some((g) => groups.includes(g)));
      }
      const sortAttr = q.sortAttr ?? 'id';
      const key: Record<string, (d: ParticleDevice) => string> = {
        id: (d) => d.id,
        deviceName: (d) => d.name,
        lastConnection: (d) => d.lastHeard,
        firmwareVersion: (d) => String(d.firmwareVersion ?? 0).padStart(8, '0'),
      };
      const k = key[sortAttr];
      if (!k) return sendParticleError(reply, 400, `sortAttr must be one of ${Object.keys(key).join(', ')}`);
      list.sort((a, b) => k(a).localeCompare(k(b)) * (q.sortDir === 'desc' ? -1 : 1));
      const totalPages = Math.max(1, Math.ceil(list.length / perPage));
      return {
        devices: list.slice((page - 1) * perPage, page * perPage).map((d) => deviceJson(d, false)),
        customers: [],
        meta: { total_pages: totalPages },
      };
    },
  );

  // claim (body.id) or provision (body.product_id)
  app.post('/v1/devices', async (request, reply) => {
    const user = authenticate(deps, request, reply);
    if (!user) return reply;
    const body = bodyOf(request);
    const state = deps.state();
    if (body.product_id !== undefined) {
      const product = findProduct(state, String(body.product_id), user);
      if (!product)
        return sendParticleError(
          reply,
          404,
          'Product not found',
          `no product ${JSON.stringify(body.product_id)}`,
        );
      const id = randomBytes(12).toString('hex');
      const d: ParticleDevice = {
        ...[...state.devices.values()].find((x) => x.productId === product.id)!,
        id,
        name: `provisioned-${id.slice(0, 6)}`,
        ownerId: user.id,
        online: false,
        notes: null,
        serialNumber: `P2SB${id.slice(0, 11).toUpperCase()}`,
        groups: [],
        locations: [],
        publicKey: undefined,
        envOnDevice: undefined,
        lastApp: '',
      };
      state.devices.set(id, d);
      return { device_id: id, platform_id: d.platformId, product_id: product.id };
    }
    if (typeof body.id !== 'string' || body.id === '')
      return sendParticleError(reply, 400, 'id must be a device ID');
    const d = state.devices.get(body.id);
    if (!d) return notFound(reply, body.id);
    if (d.ownerId && d.ownerId !== user.id) {
      if (body.request_transfer === true || body.request_transfer === 'true') {
        return { ok: true, transfer_id: randomBytes(12).toString('hex') };
      }
      return sendParticleError(reply, 403, 'That belongs to someone else.');
    }
    d.ownerId = user.id;
    return { ok: true, user_id: user.id, id: d.id, connected: d.online };
  });

  for (const prefix of ['/v1/devices', '/v1/products/:product/devices']) {
    app.get<{ Params: Params }>(`${prefix}/:id`, async (request, reply) => {
      const r = resolve(request, reply);
      return r ? deviceJson(r.device, true) : reply;
    });

    app.delete<{ Params: Params }>(`${prefix}/:id`, async (request, reply) => {
      const r = resolve(request, reply);
      if (!r) return reply;
      if (r.productId !== undefined) {
        const body = bodyOf(request);
        // Leaves the product (and its owner); `deny: true` keeps it from being added back.
        r.device.productId = null;
        r.device.ownerId = null;
        if (body.deny === true || body.deny === 'true') {
          deps.state().products.get(r.productId)?.denied.add(r.device.id);
        }
      } else {
        r.device.ownerId = null;
      }
      return { ok: true };
    });

    app.put<{ Params: Params }>(`${prefix}/:id`, async (request, reply) => {
      const r = resolve(request, reply);
      if (!r) return reply;
      if (request.isMultipart()) return flashFromRequest(deps, request, reply, r.device);
      const body = bodyOf(request);
      // Flashing a cloud-compiled binary by its id (`binary_id` from POST /v1/binaries).
      if (body.build_id !== undefined) {
        const bin = typeof body.build_id === 'string' ? deps.binaries().get(body.build_id) : undefined;
        if (!bin || bin.expiresAt <= deps.ctx.now())
          return sendParticleError(
            reply,
            404,
            'Binary not found',
            `no binary ${JSON.stringify(body.build_id)}`,
          );
        if (bin.platformId !== r.device.platformId)
          return sendParticleError(
            reply,
            400,
            'Platform mismatch',
            `binary ${bin.id} is for platform ${bin.platformId}, the device is platform ${r.device.platformId}`,
          );
        return flashBinary(deps, reply, r.device, bin.data);
      }
      const d = r.device;
      const out: Record<string, unknown> = { id: d.id };
      if (body.name !== undefined) {
        if (typeof body.name !== 'string' || !/^[A-Za-z0-9_-]{1,63}$/.test(body.name)) {
          return sendParticleError(reply, 400, 'name must be 1-63 letters, digits, - or _');
        }
        d.name = body.name;
        out.name = d.name;
      }
      if (body.notes !== undefined) {
        if (body.notes !== null && typeof body.notes !== 'string')
          return sendParticleError(reply, 400, 'notes must be a string');
        d.notes = body.notes as string | null;
        out.notes = d.notes;
      }
      if (body.signal !== undefined) {
        if (body.signal !== '0' && body.signal !== '1' && body.signal !== 0 && body.signal !== 1) {
          return sendParticleError(reply, 400, 'signal must be 0 or 1');
        }
        if (!d.online) return sendParticleError(reply, 408, 'Timed out.');
        out.signaling = String(body.signal) === '1';
      }
      if (r.productId !== undefined) {
        if (body.development !== undefined) {
          d.development = body.development === true || body.development === 'true';
          out.development = d.development;
        }
        if (body.desired_firmware_version !== undefined) {
          const v = body.desired_firmware_version;
          if (v === null) {
            d.firmwareLocked = false;
          } else if (Number.isInteger(Number(v))) {
            d.firmwareLocked = true;
            if (body.flash === true && d.online) d.firmwareVersion = Number(v);
          } else {
            return sendParticleError(reply, 400, 'desired_firmware_version must be an integer or null');
          }
          out.desired_firmware_version = v;
        }
      }
      if (Object.keys(out).length === 1) {
        return sendParticleError(
          reply,
          400,
          'Nothing to update',
          'give name, notes, signal or, in a product, development or desired_firmware_version',
        );
      }
      out.updated_at = new Date(deps.ctx.now()).toISOString();
      return out;
    });

    app.put<{ Params: Params }>(`${prefix}/:id/unprotect`, async (request, reply) => {
      const r = resolve(request, reply);
      if (!r) return reply;
      const action = bodyOf(request).action;
      if (action === 'prepare') return { server_nonce: randomBytes(16).toString('base64') };
      if (action === 'confirm' || action === 'reset') return { ok: true };
      return sendParticleError(reply, 400, 'action must be prepare, confirm or reset');
    });

    app.get<{ Params: Params }>(`${prefix}/:id/:name`, async (request, reply) => {
      const r = resolve(request, reply);
      if (!r) return reply;
      const v = r.device.variables[request.params.name as string];
      if (!v) return sendParticleError(reply, 404, `Variable ${request.params.name} was not found`);
      if (!r.device.online) return sendParticleError(reply, 408, 'Timed out.');
      return {
        cmd: 'VarReturn',
        name: request.params.name,
        result: v.read(deps.ctx.now()),
        coreInfo: { name: r.device.name, deviceID: r.device.id, connected: true, last_app: r.device.lastApp },
      };
    });

    app.post<{ Params: Params }>(`${prefix}/:id/:name`, async (request, reply) => {
      const r = resolve(request, reply);
      if (!r) return reply;
      const fn = r.device.functions[request.params.name as string];
      if (!fn) return sendParticleError(reply, 404, `Function ${request.params.name} not found`);
      const body = bodyOf(request);
      const raw = body.arg ?? body.args ?? '';
      if (typeof raw !== 'string') return sendParticleError(reply, 400, 'arg must be a string');
      if (raw.length > 1024) return sendParticleError(reply, 400, 'arg must be at most 1024 characters');
      if (!r.device.online) return sendParticleError(reply, 408, 'Timed out.');
      return { id: r.device.id, name: r.device.name, connected: true, return_value: fn.call(raw) };
    });
  }

  // Organization devices (particle-api-js's deviceUri with `org`): a device in one of the org's products.
  app.put<{ Params: { org: string; id: string } }>(
    '/v1/orgs/:org/devices/:id/unprotect',
    async (request, reply) => {
      const user = authenticate(deps, request, reply);
      if (!user) return reply;
      const org = orgFor(deps, reply, user, request.params.org);
      if (!org) return reply;
      const state = deps.state();
      const d = [...state.devices.values()].find(
        (x) =>
          (x.id === request.params.id || x.name === request.params.id) &&
          x.productId !== null &&
          state.products.get(x.productId)?.orgId === org.id,
      );
      if (!d) return notFound(reply, request.params.id);
      const action = bodyOf(request).action;
      if (action === 'prepare') return { server_nonce: randomBytes(16).toString('base64') };
      if (action === 'confirm' || action === 'reset') return { ok: true };
      return sendParticleError(reply, 400, 'action must be prepare, confirm or reset');
    },
  );

  app.delete<{ Params: Params }>('/v1/products/:product/devices/:id/owner', async (request, reply) => {
    const r = resolve(request, reply);
    if (!r) return reply;
    r.device.ownerId = null;
    return { ok: true };
  });

  app.get<{ Params: { serial: string } }>('/v1/serial_numbers/:serial', async (request, reply) => {
    const user = authenticate(deps, request, reply);
    if (!user) return reply;
    const d = [...deps.state().devices.values()].find((x) => x.serialNumber === request.params.serial);
    if (!d)
      return sendParticleError(
        reply,
        404,
        'Serial number not found',
        `no device has serial ${request.params.serial}`,
      );
    return { ok: true, serial_number: d.serialNumber, device_id: d.id, platform_id: d.platformId };
  });
}
