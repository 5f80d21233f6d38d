import { createHash } from 'node:crypto';
import multipart, { type MultipartFile, type MultipartValue } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type AuthDeps, authenticate } from './auth.js';
import { sendParticleError } from './errors.js';
import type { EventBus } from './events.js';
import type { ParticleDevice } from './state.js';

/** A compiled (or uploaded) firmware binary kept for download and flashing. */
export interface Binary {
  id: string;
  data: Buffer;
  platformId: number;
  expiresAt: number;
}

export interface FirmwareDeps extends AuthDeps {
  bus: () => EventBus;
  binaries: () => Map<string, Binary>;
  flashDelayMs: number;
}

type Part = MultipartFile | MultipartValue;

/** Multipart fields and files of a request parsed with attachFieldsToBody. */
export async function readMultipart(request: FastifyRequest) {
  const fields: Record<string, string> = {};
  const files: { name: string; data: Buffer }[] = [];
  const body = (request.body ?? {}) as Record<string, Part | Part[]>;
  for (const entry of Object.values(body)) {
    for (const part of Array.isArray(entry) ? entry : [entry]) {
      if (part.type === 'file') files.push({ name: part.filename, data: await part.toBuffer() });
      else fields[part.fieldname] = String(part.value);
    }
  }
  return { fields, files };
}

/** Compiles sources deterministically: a source containing `#error` fails like a compile error. */
function compile(files: { name: string; data: Buffer }[], platformId: number) {
  const sources = files.filter((f) => /\.(ino|cpp|c|h|hpp|properties)$/.test(f.name));
  if (!sources.some((f) => /\.(ino|cpp|c)$/.test(f.name))) {
    return { errors: ['no source file (.ino, .cpp or .c) among the uploaded files'] };
  }
  const errors: string[] = [];
  for (const f of sources) {
    const lines = f.data.toString('utf8').split('\n');
    lines.forEach((line, i) => {
      const m = /^\s*#error\s*(.*)$/.exec(line);
      if (m) errors.push(`${f.name}:${i + 1}:2: error: #error ${m[1] ?? ''}`.trim());
    });
  }
  if (errors.length) return { errors };
  const hash = createHash('sha256');
  for (const f of [...sources].sort((a, b) => a.name.localeCompare(b.name)))
    hash.update(f.name).update('\0').update(f.data);
  const digest = hash.digest();
  // A small, deterministic "binary": a marker, the platform and the hash of the sources.
  const data = Buffer.concat([
    Buffer.from('SKYPORT-SANDBOX-FW\0'),
    Buffer.from(String(platformId)),
    Buffer.from([0]),
    digest,
  ]);
  return { id: digest.toString('hex').slice(0, 24), data };
}

/** POST /v1/binaries, GET /v1/binaries/:id and the flashing used by PUT /v1/devices/:id with files. */
export function registerFirmware(app: FastifyInstance, deps: FirmwareDeps) {
  app.register(multipart, { attachFieldsToBody: true, limits: { fileSize: 4 * 1024 * 1024, files: 50 } });

  app.post('/v1/binaries', async (request, reply) => {
    const user = authenticate(deps, request, reply);
    if (!user) return reply;
    if (!request.isMultipart())
      return sendParticleError(reply, 400, 'Expected a multipart/form-data body with source files');
    const { fields, files } = await readMultipart(request);
    const platformId = Number(fields.platform_id ?? fields.product_id ?? 6);
    if (!Number.isInteger(platformId)) return sendParticleError(reply, 400, 'platform_id must be an integer');
    const result = compile(files, platformId);
    if ('errors' in result) {
      return reply
        .code(400)
        .send({ ok: false, errors: result.errors, output: 'Compiler failed to compile the source' });
    }
    const expiresAt = deps.ctx.now() + 24 * 3600 * 1000;
    deps.binaries().set(result.id, { id: result.id, data: result.data, platformId, expiresAt });
    return {
      ok: true,
      binary_id: result.id,
      binary_url: `/v1/binaries/${result.id}`,
      expires_at: new Date(expiresAt).toISOString(),
      sizeInfo: `   text\t   data\t    bss\t    dec\t    hex\tfilename\n${result.data.length}\t0\t0\t${result.data.length}\t${result.data.length.toString(16)}\tfirmware.elf`,
    };
  });

  app.get<{ Params: { id: string } }>('/v1/binaries/:id', async (request, reply) => {
    const user = authenticate(deps, request, reply);
    if (!user) return reply;
    const bin = deps.binaries().get(request.params.id);
    if (!bin || bin.expiresAt <= deps.ctx.now()) return sendParticleError(reply, 404, 'Binary not found');
    return reply.type('application/octet-stream').send(bin.data);
  });
}

/** Flashes `device` from a multipart request: a `.bin` file as is, otherwise the sources compiled first. */
export async function flashFromRequest(
  deps: FirmwareDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  device: ParticleDevice,
) {
  const { files } = await readMultipart(request);
  let data: Buffer;
  const bin = files.find((f) => f.name.endsWith('.bin'));
  if (bin) {
    data = bin.data;
  } else {
    const result = compile(files, device.platformId);
    if ('errors' in result) {
      return reply
        .code(400)
        .send({ ok: false, errors: result.errors, output: 'Compiler failed to compile the source' });
    }
    data = result.data;
  }
  return flashBinary(deps, reply, device, data);
}

/** Starts an over-the-air update of `device` with `data`: progress events, then the new `last_app`. */
export function flashBinary(deps: FirmwareDeps, reply: FastifyReply, device: ParticleDevice, data: Buffer) {
  if (!device.online) return sendParticleError(reply, 400, 'Device is offline');
  const app = createHash('sha256').update(data).digest('hex').slice(0, 12);
  const bus = deps.bus();
  const progress = (status: string) =>
    bus.publish({
      name: 'spark/flash/status',
      data: status,
      ttl: 60,
      coreid: device.id,
      ownerId: device.ownerId,
      productId: device.productId,
      isPrivate: true,
    });
  const state = deps.state();
  setTimeout(() => {
    if (deps.state() !== state) return; // reset in between
    progress('started ');
    setTimeout(() => {
      if (deps.state() !== state) return;
      device.lastApp = `firmware-${app}`;
      progress('success ');
    }, deps.flashDelayMs).unref();
  }, 10).unref();
  return { id: device.id, status: 'Update started' };
}
