import { Ajv } from 'ajv';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { bodyOf, iso, listParam, pageOf, paging, productFor, str } from './access.js';
import { type AuthDeps, authenticate, DEFAULT_CLIENT, issueToken } from './auth.js';
import { sendOAuthError, sendParticleError } from './errors.js';
import { readMultipart } from './firmware.js';
import { nextId, type ParticleDevice, type Product, type ProductFirmware } from './state.js';

/** JSON Schema of product and device configuration (the Tracker-style `location` and `sleep` modules). */
export const CONFIG_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://api.particle.io/v1/products/config.schema.json',
  title: 'Product configuration',
  type: 'object',
  additionalProperties: false,
  properties: {
    location: {
      type: 'object',
      title: 'Location',
      additionalProperties: false,
      properties: {
        radius: {
          type: 'number',
          minimum: 0,
          maximum: 1_000_000,
          description: 'Publish when moved this far (m)',
        },
        interval_min: {
          type: 'integer',
          minimum: 0,
          maximum: 86_400,
          description: 'Minimum publish interval (s)',
        },
        interval_max: {
          type: 'integer',
          minimum: 0,
          maximum: 86_400,
          description: 'Maximum publish interval (s)',
        },
        min_publish: { type: 'boolean', description: 'Publish only the minimum fields' },
      },
    },
    sleep: {
      type: 'object',
      title: 'Sleep',
      additionalProperties: false,
      properties: {
        mode: { type: 'string', enum: ['enable', 'disable'] },
        exe_min: { type: 'integer', minimum: 5, maximum: 3600, description: 'Minimum awake time (s)' },
        conn_max: { type: 'integer', minimum: 30, maximum: 3600, description: 'Maximum connection time (s)' },
      },
    },
  },
} as const;

const ajv = new Ajv({ allErrors: false, strict: false });
const validateConfig = ajv.compile(CONFIG_SCHEMA);

type Config = Record<string, Record<string, unknown>>;

/** Module-wise merge: each module in `patch` replaces the keys it names. */
function mergeConfig(base: Config, patch: Config): Config {
  const out: Config = {};
  for (const [k, v] of Object.entries(base)) out[k] = { ...v };
  for (const [k, v] of Object.entries(patch)) out[k] = { ...(out[k] ?? {}), ...(v ?? {}) };
  return out;
}

export const productJson = (p: Product, username: string | undefined, devices: Iterable<ParticleDevice>) => ({
  id: p.id,
  platform_id: p.platform_id,
  name: p.name,
  slug: p.slug,
  description: p.description,
  subscription_id: p.id * 10,
  user: username,
  org: p.orgId ?? undefined,
  groups: [...new Set([...devices].filter((d) => d.productId === p.id).flatMap((d) => d.groups))].sort(),
  settings: { location: {}, known_application: { opt_in: false }, quarantine: false },
  device_protection: 'disabled',
});

export function firmwareJson(p: Product, f: ProductFirmware, devices: Iterable<ParticleDevice>) {
  let count = 0;
  for (const d of devices) if (d.productId === p.id && d.firmwareVersion === f.version) count++;
  return {
    _id: `${p.id}-${f.version}`,
    version: f.version,
    title: f.title,
    description: f.description,
    name: f.filename,
    size: f.data.length,
    product_id: p.id,
    product_default: f.productDefault,
    current: f.productDefault,
    groups: f.groups,
    intelligent: f.intelligent,
    device_count: count,
    uploaded_at: iso(f.uploadedAt),
    uploaded_by: { username: f.uploadedBy },
  };
}

/** Finds the marker of a sandbox-compiled binary and returns the platform it was built for. */
function binaryPlatform(data: Buffer): number | undefined {
  const marker = Buffer.from('SKYPORT-SANDBOX-FW\0');
  if (!data.subarray(0, marker.length).equals(marker)) return undefined;
  const end = data.indexOf(0, marker.length);
  const n = Number(data.subarray(marker.length, end).toString());
  return Number.isInteger(n) ? n : undefined;
}

interface PParams {
  product: string;
  version?: string;
  username?: string;
  email?: string;
  deviceId?: string;
}

/** Products: list/get, firmware, release, team, customers, configuration (+ schema), locations, adding devices. */
export function registerProducts(app: FastifyInstance, deps: AuthDeps): void {
  const withProduct = (request: FastifyRequest<{ Params: PParams }>, reply: FastifyReply) => {
    const user = authenticate(deps, request, reply);
    if (!user) return undefined;
    const product = productFor(deps, reply, user, request.params.product);
    return product ? { user, product } : undefined;
  };
  const firmwareOf = (reply: FastifyReply, product: Product, raw: string | undefined) => {
    const version = Number(raw);
    const f = Number.isInteger(version) ? product.firmware.get(version) : undefined;
    if (!f)
      sendParticleError(
        reply,
        404,
        'Firmware version not found',
        `product ${product.id} has no version ${raw}`,
      );
    return f;
  };
  const deviceOf = (reply: FastifyReply, product: Product, idOrName: string | undefined) => {
    for (const d of deps.state().devices.values())
      if (d.productId === product.id && (d.id === idOrName || d.name === idOrName)) return d;
    sendParticleError(
      reply,
      404,
      'Device not found',
      `device ${JSON.stringify(idOrName)} is not in product ${product.id}`,
    );
    return undefined;
  };

  app.get('/v1/products', async (request, reply) => {
    const user = authenticate(deps, request, reply);
    if (!user) return reply;
    const products = [...deps.state().products.values()].filter((p) =>
      p.team.some((m) => m.userId === user.id),
    );
    return { products: products.map((p) => productJson(p, user.username, deps.state().devices.values())) };
  });

  app.get<{ Params: PParams }>('/v1/products/:product', async (request, reply) => {
    const s = withProduct(request, reply);
    return s ? { product: productJson(s.product, s.user.username, deps.state().devices.values()) } : reply;
  });

  // Firmware
  app.get<{ Params: PParams }>('/v1/products/:product/firmware', async (request, reply) => {
    const s = withProduct(request, reply);
    if (!s) return reply;
    return [...s.product.firmware.values()]
      .sort((a, b) => b.version - a.version)
      .map((f) => firmwareJson(s.product, f, deps.state().devices.values()));
  });

  app.post<{ Params: PParams }>('/v1/products/:product/firmware', async (request, reply) => {
    const s = withProduct(request, reply);
    if (!s) return reply;
    if (!request.isMultipart())
      return sendParticleError(reply, 400, 'Expected a multipart/form-data body with the firmware binary');
    const { fields, files } = await readMultipart(request);
    const version = Number(fields.version);
    if (!Number.isInteger(version) || version < 1 || version > 65535)
      return sendParticleError(reply, 400, 'version must be an integer from 1 to 65535');
    if (s.product.firmware.has(version))
      return sendParticleError(reply, 400, `version ${version} already exists`, 'upload a higher version');
    const title = fields.title?.trim();
    if (!title) return sendParticleError(reply, 400, 'title is required');
    const file = files[0];
    if (!file || file.data.length === 0)
      return sendParticleError(reply, 400, 'a non-empty .bin file is required');
    if (files.length > 1) return sendParticleError(reply, 400, 'upload exactly one binary');
    const platform = binaryPlatform(file.data);
    if (platform !== undefined && platform !== s.product.platform_id) {
      return sendParticleError(
        reply,
        400,
        'Platform mismatch',
        `the binary is built for platform ${platform}, the product is platform ${s.product.platform_id}`,
      );
    }
    const f: ProductFirmware = {
      version,
      title,
      description: fields.description ?? '',
      filename: file.name,
      data: file.data,
      uploadedAt: deps.ctx.now(),
      uploadedBy: s.user.username,
      productDefault: false,
      groups: [],
      intelligent: false,
    };
    s.product.firmware.set(version, f);
    return reply.code(201).send(firmwareJson(s.product, f, deps.state().devices.values()));
  });

  app.put<{ Params: PParams }>('/v1/products/:product/firmware/release', async (request, reply) => {
    const s = withProduct(request, reply);
    if (!s) return reply;
    const body = bodyOf(request);
    const f = firmwareOf(reply, s.product, String(body.version));
    if (!f) return reply;
    const groups = body.groups ?? [];
    if (!Array.isArray(groups) || groups.some((g) => typeof g !== 'string'))
      return sendParticleError(reply, 400, 'groups must be an array of group names');
    const productDefault = body.product_default === true || body.product_default === 'true';
    if (!productDefault && groups.length === 0)
      return sendParticleError(reply, 400, 'release to the product (product_default: true) or to groups');
    if (productDefault) for (const other of s.product.firmware.values()) other.productDefault = other === f;
    f.groups = groups as string[];
    f.intelligent = body.intelligent === true || body.intelligent === 'true';
    // Online, unlocked devices pick the release up at once; the others when they next connect (not simulated).
    for (const d of deps.state().devices.values()) {
      if (d.productId !== s.product.id || d.firmwareLocked || !d.online) continue;
      if (productDefault || d.groups.some((g) => f.groups.includes(g))) d.firmwareVersion = f.version;
    }
    return {
      ok: true,
      ...firmwareJson(s.product, f, deps.state().devices.values()),
      updated_at: iso(deps.ctx.now()),
    };
  });

  app.get<{ Params: PParams }>('/v1/products/:product/firmware/:version', async (request, reply) => {
    const s = withProduct(request, reply);
    if (!s) return reply;
    const f = firmwareOf(reply, s.product, request.params.version);
    return f ? firmwareJson(s.product, f, deps.state().devices.values()) : reply;
  });

  app.put<{ Params: PParams }>('/v1/products/:product/firmware/:version', async (request, reply) => {
    const s = withProduct(request, reply);
    if (!s) return reply;
    const f = firmwareOf(reply, s.product, request.params.version);
    if (!f) return reply;
    const body = bodyOf(request);
    if (body.title !== undefined) {
      if (typeof body.title !== 'string' || body.title.trim() === '')
        return sendParticleError(reply, 400, 'title must be a non-empty string');
      f.title = body.title;
    }
    if (body.description !== undefined) {
      if (typeof body.description !== 'string')
        return sendParticleError(reply, 400, 'description must be a string');
      f.description = body.description;
    }
    return firmwareJson(s.product, f, deps.state().devices.values());
  });

  app.get<{ Params: PParams }>('/v1/products/:product/firmware/:version/binary', async (request, reply) => {
    const s = withProduct(request, reply);
    if (!s) return reply;
    const f = firmwareOf(reply, s.product, request.params.version);
    if (!f) return reply;
    return reply
      .type('application/octet-stream')
      .header('content-disposition', `attachment; filename="${f.filename}"`)
      .send(f.data);
  });

  // Team
  const memberJson = (m: Product['team'][number], productId: number) => ({
    username: m.username,
    role: { name: m.role },
    no_mfa: false,
    is_programmatic: false,
    product_id: productId,
  });
  app.get<{ Params: PParams }>('/v1/products/:product/team', async (request, reply) => {
    const s = withProduct(request, reply);
    return s ? { ok: true, team: s.product.team.map((m) => memberJson(m, s.product.id)) } : reply;
  });
  app.post<{ Params: PParams }>('/v1/products/:product/team', async (request, reply) => {
    const s = withProduct(request, reply);
    if (!s) return reply;
    const username = str(bodyOf(request).username);
    if (!username || !/^[^@\s]+@[^@\s]+$/.test(username))
      return sendParticleError(reply, 400, 'username must be an email address');
    if (s.product.team.some((m) => m.username === username))
      return sendParticleError(reply, 400, `${username} is already a member of this product`);
    const existing = [...deps.state().users.values()].find((u) => u.username === username);
    const m = {
      userId: existing?.id ?? null,
      username,
      role: 'Developer' as const,
      invitedAt: deps.ctx.now(),
    };
    s.product.team.push(m);
    return { ok: true, invited: memberJson(m, s.product.id) };
  });
  app.delete<{ Params: PParams }>('/v1/products/:product/team/:username', async (request, reply) => {
    const s = withProduct(request, reply);
    if (!s) return reply;
    const i = s.product.team.findIndex((m) => m.username === request.params.username);
    if (i < 0) return sendParticleError(reply, 404, 'Team member not found');
    if (s.product.team[i]?.userId === s.product.ownerId)
      return sendParticleError(reply, 400, 'The product owner cannot be removed from the team');
    s.product.team.splice(i, 1);
    return reply.code(204).send();
  });

  // Customers
  app.post<{ Params: PParams }>('/v1/products/:product/customers', async (request, reply) => {
    const body = bodyOf(request);
    const state = deps.state();
    const product = [...state.products.values()].find(
      (p) => String(p.id) === request.params.product || p.slug === request.params.product,
    );
    if (!product) return sendParticleError(reply, 404, 'Product not found');
    const clientId = str(body.client_id);
    const client = clientId ? state.clients.get(clientId) : undefined;
    if (!client || client.secret !== str(body.client_secret) || client.productId !== product.id) {
      const hint = clientId === DEFAULT_CLIENT.id ? ' (particle-api is not a client of this product)' : '';
      return sendOAuthError(reply, 401, 'invalid_client', `Client authentication failed${hint}`);
    }
    const email = str(body.email);
    if (!email || !/^[^@\s]+@[^@\s]+$/.test(email))
      return sendParticleError(reply, 400, 'email must be an email address');
    const noPassword = body.no_password === true || body.no_password === 'true';
    const password = str(body.password);
    if (!noPassword && (!password || password.length < 8))
      return sendParticleError(reply, 400, 'password must be at least 8 characters');
    if ([...state.users.values()].some((u) => u.username === email))
      return sendParticleError(reply, 400, 'Customer already exists');
    const id = nextId(state, 'customer');
    state.users.set(id, {
      id,
      username: email,
      password: password ?? '',
      mfaEnabled: false,
      customerOf: product.id,
    });
    return issueToken(deps, id, client.id, 7_776_000);
  });
  app.get<{ Params: PParams }>('/v1/products/:product/customers', async (request, reply) => {
    const s = withProduct(request, reply);
    if (!s) return reply;
    const p = paging(reply, request.query as Record<string, unknown>, { perPage: 25, max: 100 });
    if (!p) return reply;
    const customers = [...deps.state().users.values()].filter((u) => u.customerOf === s.product.id);
    const page = pageOf(customers, p);
    return {
      customers: page.items.map((u) => ({
        id: u.id,
        username: u.username,
        devices: [...deps.state().devices.values()].filter((d) => d.ownerId === u.id).map((d) => d.id),
      })),
      meta: page.meta,
    };
  });
  app.delete<{ Params: PParams }>('/v1/products/:product/customers/:email', async (request, reply) => {
    const s = withProduct(request, reply);
    if (!s) return reply;
    const state = deps.state();
    const u = [...state.users.values()].find(
      (x) => x.customerOf === s.product.id && x.username === request.params.email,
    );
    if (!u) return sendParticleError(reply, 404, 'Customer not found');
    state.users.delete(u.id);
    for (const [k, t] of state.tokens) if (t.userId === u.id) state.tokens.delete(k);
    for (const d of state.devices.values()) if (d.ownerId === u.id) d.ownerId = null;
    return { ok: true };
  });

  // Configuration and its schema (Accept: application/schema+json)
  const wantsSchema = (request: FastifyRequest) =>
    String(request.headers.accept ?? '').includes('application/schema+json');
  const sendSchema = (reply: FastifyReply) => reply.type('application/schema+json').send(CONFIG_SCHEMA);
  const invalid = (reply: FastifyReply) => {
    const e = validateConfig.errors?.[0];
    const where = e?.instancePath || '/';
    return sendParticleError(reply, 400, 'Invalid configuration', `${where}: ${e?.message ?? 'invalid'}`);
  };
  app.get<{ Params: PParams }>('/v1/products/:product/config', async (request, reply) => {
    const s = withProduct(request, reply);
    if (!s) return reply;
    return wantsSchema(request) ? sendSchema(reply) : { configuration: s.product.config };
  });
  app.put<{ Params: PParams }>('/v1/products/:product/config', async (request, reply) => {
    const s = withProduct(request, reply);
    if (!s) return reply;
    const merged = mergeConfig(s.product.config, bodyOf(request) as Config);
    if (!validateConfig(merged)) return invalid(reply);
    s.product.config = merged;
    return { configuration: merged };
  });
  app.get<{ Params: PParams }>('/v1/products/:product/config/:deviceId', async (request, reply) => {
    const s = withProduct(request, reply);
    if (!s) return reply;
    const d = deviceOf(reply, s.product, request.params.deviceId);
    if (!d) return reply;
    if (wantsSchema(request)) return sendSchema(reply);
    return { configuration: mergeConfig(s.product.config, s.product.deviceConfig.get(d.id) ?? {}) };
  });
  app.put<{ Params: PParams }>('/v1/products/:product/config/:deviceId', async (request, reply) => {
    const s = withProduct(request, reply);
    if (!s) return reply;
    const d = deviceOf(reply, s.product, request.params.deviceId);
    if (!d) return reply;
    const overrides = mergeConfig(s.product.deviceConfig.get(d.id) ?? {}, bodyOf(request) as Config);
    const merged = mergeConfig(s.product.config, overrides);
    if (!validateConfig(merged)) return invalid(reply);
    s.product.deviceConfig.set(d.id, overrides);
    return { configuration: merged };
  });

  // Locations
  const parseRange = (reply: FastifyReply, raw: unknown) => {
    if (raw === undefined) return { from: Number.NEGATIVE_INFINITY, to: Number.POSITIVE_INFINITY };
    const [a, b] = String(raw).split(',');
    const from = Date.parse(a ?? '');
    const to = Date.parse(b ?? '');
    if (Number.isNaN(from) || Number.isNaN(to) || from > to) {
      sendParticleError(reply, 400, 'date_range must be two ISO 8601 dates "start,end"');
      return undefined;
    }
    return { from, to };
  };
  const parsePoint = (reply: FastifyReply, raw: unknown, name: string) => {
    if (raw === undefined) return null;
    const [lat, lon] = String(raw).split(',').map(Number);
    if (lat === undefined || lon === undefined || !Number.isFinite(lat) || !Number.isFinite(lon)) {
      sendParticleError(reply, 400, `${name} must be "latitude,longitude"`);
      return undefined;
    }
    return { lat, lon };
  };
  const locationJson = (d: ParticleDevice, points: ParticleDevice['locations'], line: boolean) => {
    const last = points[points.length - 1];
    return {
      device_id: d.id,
      product_id: d.productId,
      device_name: d.name,
      groups: d.groups,
      gps_lock: true,
      last_heard: d.lastHeard,
      online: d.online,
      timestamps: points.map((x) => iso(x.at)),
      geometry: line
        ? { type: 'LineString', coordinates: points.map((x) => [x.lon, x.lat, x.alt]) }
        : { type: 'Point', coordinates: last ? [last.lon, last.lat, last.alt] : [] },
    };
  };
  app.get<{ Params: PParams }>('/v1/products/:product/locations', async (request, reply) => {
    const s = withProduct(request, reply);
    if (!s) return reply;
    const q = request.query as Record<string, unknown>;
    const range = parseRange(reply, q.date_range);
    if (!range) return reply;
    const bl = parsePoint(reply, q.rect_bl, 'rect_bl');
    if (bl === undefined) return reply;
    const tr = parsePoint(reply, q.rect_tr, 'rect_tr');
    if (tr === undefined) return reply;
    if ((bl === null) !== (tr === null))
      return sendParticleError(reply, 400, 'give both rect_bl and rect_tr');
    const p = paging(reply, q, { perPage: 20, max: 100 });
    if (!p) return reply;
    const groups = listParam(q, 'groups');
    const found: ReturnType<typeof locationJson>[] = [];
    for (const d of deps.state().devices.values()) {
      if (d.productId !== s.product.id) continue;
      if (typeof q.device_id === 'string' && !d.id.includes(q.device_id)) continue;
      if (typeof q.device_name === 'string' && !d.name.includes(q.device_name)) continue;
      if (groups && !d.groups.some((g) => groups.includes(g))) continue;
      const points = d.locations.filter((x) => x.at >= range.from && x.at <= range.to);
      const last = points[points.length - 1];
      if (!last) continue;
      if (bl && tr && !(last.lat >= bl.lat && last.lat <= tr.lat && last.lon >= bl.lon && last.lon <= tr.lon))
        continue;
      found.push(locationJson(d, [last], false));
    }
    const page = pageOf(found, p);
    return { locations: page.items, meta: { ...page.meta, devices_found: found.length } };
  });
  app.get<{ Params: PParams }>('/v1/products/:product/locations/:deviceId', async (request, reply) => {
    const s = withProduct(request, reply);
    if (!s) return reply;
    const d = deviceOf(reply, s.product, request.params.deviceId);
    if (!d) return reply;
    const range = parseRange(reply, (request.query as Record<string, unknown>).date_range);
    if (!range) return reply;
    const points = d.locations.filter((x) => x.at >= range.from && x.at <= range.to);
    return { location: locationJson(d, points, true), meta: {} };
  });

  // Adding devices: JSON { id } or a multipart file with one device ID per line.
  app.post<{ Params: PParams }>('/v1/products/:product/devices', async (request, reply) => {
    const s = withProduct(request, reply);
    if (!s) return reply;
    let ids: string[];
    if (request.isMultipart()) {
      const { files } = await readMultipart(request);
      if (!files[0]) return sendParticleError(reply, 400, 'a file with device IDs is required');
      ids = files[0].data
        .toString('utf8')
        .split(/[\r\n,]+/)
        .map((x) => x.trim())
        .filter(Boolean);
    } else {
      const id = str(bodyOf(request).id);
      if (!id) return sendParticleError(reply, 400, 'id (a device ID) or a file of device IDs is required');
      ids = [id];
    }
    const out = {
      updated: 0,
      updatedDeviceIds: [] as string[],
      existingDeviceIds: [] as string[],
      nonmemberDeviceIds: [] as string[],
      invalidDeviceIds: [] as string[],
    };
    const state = deps.state();
    for (const raw of ids) {
      const id = raw.toLowerCase();
      if (!/^[0-9a-f]{24}$/.test(id) || s.product.denied.has(id)) {
        out.invalidDeviceIds.push(raw);
        continue;
      }
      const d = state.devices.get(id);
      if (d?.productId === s.product.id) {
        out.existingDeviceIds.push(id);
      } else if (d && d.platformId !== s.product.platform_id) {
        out.nonmemberDeviceIds.push(id);
      } else if (d) {
        d.productId = s.product.id;
        d.firmwareVersion = null;
        out.updatedDeviceIds.push(id);
      } else {
        // A device the cloud has not seen yet: imported, offline until it connects.
        const template = [...state.devices.values()][0] as ParticleDevice;
        state.devices.set(id, {
          ...template,
          id,
          name: `imported-${id.slice(0, 6)}`,
          ownerId: null,
          productId: s.product.id,
          platformId: s.product.platform_id,
          online: false,
          notes: null,
          development: false,
          firmwareLocked: false,
          firmwareVersion: null,
          lastApp: '',
          serialNumber: `IMP${id.slice(0, 12).toUpperCase()}`,
          groups: [],
          locations: [],
          publicKey: undefined,
          envOnDevice: undefined,
        });
        out.updatedDeviceIds.push(id);
      }
    }
    out.updated = out.updatedDeviceIds.length;
    return out;
  });
}
