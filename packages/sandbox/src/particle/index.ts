import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../context.js';
import { seededRandom } from '../random.js';
import { orgFor } from './access.js';
import { authenticate, registerAuth } from './auth.js';
import { registerCatalog } from './catalog.js';
import { registerClients } from './clients.js';
import { registerConnectivity } from './connectivity.js';
import { findDevice, findProduct, registerDevices } from './devices.js';
import { registerEnv } from './env.js';
import { particleErrorHandler, sendParticleError } from './errors.js';
import { EventBus, type EventFilter } from './events.js';
import { type Binary, registerFirmware } from './firmware.js';
import { registerIntegrations } from './integrations.js';
import { registerLedgers } from './ledgers.js';
import { registerLibraries } from './libraries.js';
import { registerLogic } from './logic.js';
import { registerProducts } from './products.js';
import { registerProvisioning } from './provisioning.js';
import { registerSims } from './sims.js';
import { type Org, type ParticleState, SEED_PASSWORD, SEED_USERNAME, seedParticle } from './state.js';

export { EventBus } from './events.js';
export type { ParticleDevice, ParticleEvent, ParticleState, ParticleToken, ParticleUser } from './state.js';

export interface ParticleOptions {
  /** Seed of the Particle data (ids, serial numbers); defaults to the context's seed. */
  seed?: number;
  /** How often each online simulated device publishes its `temp` event, in ms; 0 turns it off (default 60000). */
  publishIntervalMs?: number;
  /** Interval of the `:` heartbeat comments on event streams, in ms (default 9000). */
  heartbeatMs?: number;
  /** How many recent events are kept for `Last-Event-ID` resume (default 1000). */
  replaySize?: number;
  /** Time between the `started` and `success` flash progress events, in ms (default 1500). */
  flashDelayMs?: number;
  /** How often scheduled (cron) logic triggers are checked against the sandbox clock, in ms (default 1000). */
  logicScheduleTickMs?: number;
  /** Lifetime of tokens when the login does not say `expires_in`, in seconds (default 7776000, 90 days). */
  tokenTtlSeconds?: number;
}

export interface ParticleHandle {
  state: ParticleState;
  credentials: { username: string; password: string };
  /** Restores the seeded data and ends open event streams. */
  reset(): void;
  /** Stops the simulated devices' timers and ends open event streams. */
  close(): Promise<void>;
}

type Body = Record<string, unknown>;

/** Serves the Particle Cloud API (/oauth/token, /v1/...) on `root`, in its own scope with Particle-shaped errors. */
export function registerParticle(
  root: FastifyInstance,
  ctx: SandboxContext,
  options: ParticleOptions = {},
): ParticleHandle {
  const seed = options.seed ?? ctx.seed;
  let state = seedParticle(seededRandom(seed), ctx.now());
  const bus = new EventBus(() => state, ctx, options.replaySize ?? 1000, options.heartbeatMs ?? 9000);
  let binaries = new Map<string, Binary>();
  const deps = {
    state: () => state,
    ctx,
    bus: () => bus,
    binaries: () => binaries,
    flashDelayMs: options.flashDelayMs ?? 1500,
  };

  let stopLogic = () => {};
  root.register(async (app) => {
    app.setErrorHandler(particleErrorHandler);
    // Bodies are objects (JSON or form) or multipart; a JSON array, string or number is refused up front.
    app.addHook('preHandler', async (request, reply) => {
      const b = request.body;
      if (b === undefined || b === null || request.isMultipart()) return;
      if (typeof b !== 'object' || Array.isArray(b) || Buffer.isBuffer(b)) {
        return sendParticleError(reply, 400, 'The request body must be a JSON object or form fields');
      }
    });
    registerAuth(app, deps, options.tokenTtlSeconds ?? 7_776_000);
    registerFirmware(app, deps);
    registerDevices(app, deps);
    registerClients(app, deps);
    registerProducts(app, deps);
    registerProvisioning(app, deps);
    registerIntegrations(app, deps);
    registerSims(app, deps);
    registerLibraries(app, deps);
    registerCatalog(app, deps);
    registerEnv(app, deps);
    registerLedgers(app, deps);
    stopLogic = registerLogic(app, deps, options.logicScheduleTickMs ?? 1000).stop;
    registerConnectivity(app, deps);

    // Publishing: POST /v1/devices/events (user) and /v1/products/:product/events.
    const publish = async (
      request: FastifyRequest<{ Params: { product?: string } }>,
      reply: FastifyReply,
    ) => {
      const user = authenticate(deps, request, reply);
      if (!user) return reply;
      const body = (request.body && typeof request.body === 'object' ? request.body : {}) as Body;
      let productId: number | null = null;
      if (request.params.product !== undefined) {
        const product = findProduct(state, request.params.product, user);
        if (!product) return sendParticleError(reply, 404, 'Product not found');
        productId = product.id;
      }
      if (typeof body.name !== 'string' || body.name.length === 0 || body.name.length > 64) {
        return sendParticleError(reply, 400, 'name must be a string of 1 to 64 characters');
      }
      const data = body.data === undefined || body.data === null ? '' : body.data;
      if (typeof data !== 'string') return sendParticleError(reply, 400, 'data must be a string');
      if (Buffer.byteLength(data) > 1024)
        return sendParticleError(reply, 400, 'data must be at most 1024 bytes');
      const ttl = body.ttl === undefined ? 60 : Number(body.ttl);
      if (!Number.isInteger(ttl) || ttl < 0)
        return sendParticleError(reply, 400, 'ttl must be a non-negative integer');
      const isPrivate = !(body.private === false || body.private === 'false');
      bus.publish({ name: body.name, data, ttl, coreid: 'api', ownerId: user.id, productId, isPrivate });
      return { ok: true };
    };
    app.post('/v1/devices/events', publish);
    app.post('/v1/products/:product/events', publish);

    // Streams.
    type StreamParams = { product?: string; id?: string; prefix?: string; org?: string };
    const stream =
      (scope: EventFilter['scope']) =>
      async (request: FastifyRequest<{ Params: StreamParams }>, reply: FastifyReply) => {
        const user = authenticate(deps, request, reply);
        if (!user) return reply;
        const filter: EventFilter = { prefix: request.params.prefix ?? '', userId: user.id, scope };
        let org: Org | undefined;
        if (request.params.org !== undefined) {
          org = orgFor(deps, reply, user, request.params.org);
          if (!org) return reply;
          const orgId = org.id;
          filter.productIds = [...state.products.values()].filter((p) => p.orgId === orgId).map((p) => p.id);
        }
        if (scope === 'product') {
          const product = findProduct(state, request.params.product ?? '', user);
          if (!product || (org && product.orgId !== org.id))
            return sendParticleError(reply, 404, 'Product not found');
          filter.productId = product.id;
        }
        if (scope === 'device') {
          const d = findDevice(state, request.params.id ?? '', user.id);
          if (!d)
            return sendParticleError(
              reply,
              404,
              'Permission Denied',
              `I didn't recognize the device ${request.params.id}`,
            );
          filter.deviceId = d.id;
        }
        bus.stream(request, reply, filter);
        return reply;
      };
    for (const suffix of ['', '/:prefix']) {
      app.get(`/v1/events${suffix}`, stream('all'));
      app.get(`/v1/devices/events${suffix}`, stream('mine'));
      app.get(`/v1/devices/:id/events${suffix}`, stream('device'));
      app.get(`/v1/products/:product/events${suffix}`, stream('product'));
      app.get(`/v1/orgs/:org/events${suffix}`, stream('org'));
      app.get(`/v1/orgs/:org/products/:product/events${suffix}`, stream('product'));
    }

    // Anything else under /v1 or /oauth is unknown to the cloud: 404 in the Particle shape (not the Genesys one).
    const unknown = async (request: FastifyRequest, reply: FastifyReply) =>
      sendParticleError(
        reply,
        404,
        'Not found',
        `no route for ${request.method} ${request.url.split('?')[0]}`,
      );
    app.all('/v1/*', unknown);
    app.all('/oauth/*', unknown);
  });

  // Simulated online devices publish `temp` periodically with deterministic data.
  const interval = options.publishIntervalMs ?? 60_000;
  let tick = 0;
  const timer =
    interval > 0
      ? setInterval(() => {
          tick++;
          for (const d of state.devices.values()) {
            if (!d.online) continue;
            const temp = (20 + ((tick * 7 + d.name.length) % 50) / 10).toFixed(1);
            bus.publish({
              name: 'temp',
              data: temp,
              ttl: 60,
              coreid: d.id,
              ownerId: d.ownerId,
              productId: d.productId,
              isPrivate: true,
            });
          }
        }, interval)
      : undefined;
  timer?.unref();

  const handle: ParticleHandle = {
    state,
    credentials: { username: SEED_USERNAME, password: SEED_PASSWORD },
    reset() {
      bus.clear();
      tick = 0;
      state = seedParticle(seededRandom(seed), ctx.now());
      binaries = new Map();
      handle.state = state;
    },
    async close() {
      if (timer) clearInterval(timer);
      stopLogic();
      bus.clear();
    },
  };
  return handle;
}
