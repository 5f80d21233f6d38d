import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import formbody from '@fastify/formbody';
import Fastify, { type FastifyRequest } from 'fastify';
import type { SandboxContext } from './context.js';
import { type FaultInput, FaultInputError, FaultStore } from './faults.js';
import { registerAnalytics } from './genesys/analytics.js';
import { registerApi } from './genesys/api.js';
import { registerAuthorize } from './genesys/authorize.js';
import { registerDirectory } from './genesys/directory.js';
import { sendGenesysError } from './genesys/errors.js';
import { registerLogin } from './genesys/login.js';
import { NotificationHub } from './genesys/notifications.js';
import { generateIdentityProvider, type SamlIdentityProvider, type SamlTrust } from './genesys/saml.js';
import { loadDefaultTables, SpecRouter, type SpecTables } from './genesys/spec.js';
import { type GenesysState, seedGenesys } from './genesys/state.js';
import { type ParticleHandle, type ParticleOptions, registerParticle } from './particle/index.js';
import { hashString, seededRandom } from './random.js';

export interface SandboxOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  host?: string;
  /** Seed for the deterministic PRNG (default 1). */
  seed?: number;
  /** Requests per token per minute on the Genesys API (default 300). */
  rateLimitPerMinute?: number;
  /** Lifetime of issued Genesys tokens in seconds (default 86400). */
  tokenTtlSeconds?: number;
  /** Interval of notification WebSocket heartbeats in ms (default 30000). */
  notificationHeartbeatMs?: number;
  /** Lifetime of notification channels in ms (default 24 h). */
  notificationChannelTtlMs?: number;
  /** Options of the Particle side (publish interval, heartbeats, replay size, token TTL). */
  particle?: ParticleOptions;
  /**
   * Operation and schema tables driving every Genesys operation without a stateful handler. Defaults to the tables
   * of `@skyport/genesys-cloud` (a dependency; startSandbox rejects if they cannot be read); `false` serves only the
   * stateful routes.
   */
  genesysTables?: SpecTables | false;
  /**
   * Identity provider trusted by the Genesys saml2-bearer grant. Default: a key pair generated on first use, exposed
   * (with its private key) as `sandbox.genesys.saml` so tests can sign assertions with `signSamlAssertion`.
   */
  saml?: SamlTrust;
}

/** A seeded Genesys user who can sign in (login form, `login_hint` + `password`, SAML NameID). */
export interface SandboxUser {
  id: string;
  name: string;
  username: string;
  password: string;
  roles: string[];
}

export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed request body (JSON or form fields; multipart parts as `{filename, mimetype}`), secrets redacted. */
  body?: unknown;
  /** HTTP status; 0 when the connection closed without an answer (reset faults, clients that went away). */
  status: number;
  at: number;
}

export interface Sandbox {
  url: string;
  genesys: {
    loginUrl: string;
    apiUrl: string;
    /** Client-credentials client (role admin). */
    clientId: string;
    clientSecret: string;
    /** Confidential authorization-code client; redirect URIs: any loopback port, https://app.sandbox.example/callback. */
    codeClientId: string;
    codeClientSecret: string;
    /** Public PKCE client (no secret); redirect URIs: any port on 127.0.0.1, localhost, [::1]. */
    pkceClientId: string;
    /** Public implicit-flow client; same redirect URIs as the PKCE client. */
    implicitClientId: string;
    /** Confidential client allowed the saml2-bearer grant. */
    samlClientId: string;
    samlClientSecret: string;
    /** Seeded users with passwords; `users[0]` is the admin and the user of client-credentials `/users/me`. */
    users: SandboxUser[];
    /** Trusted SAML identity provider (private key present unless `options.saml` was given). */
    readonly saml: SamlTrust & { privateKey?: string };
  };
  particle: { apiUrl: string; username: string; password: string };
  state: { genesys: GenesysState; particle: ParticleHandle['state'] };
  faults: {
    add(fault: FaultInput): ReturnType<FaultStore['add']>;
    list(): ReturnType<FaultStore['list']>;
    remove(id: string): boolean;
    clear(): void;
  };
  requests(): RecordedRequest[];
  /** Restores seeded state and the clock, clears faults and recorded requests. */
  reset(): void;
  /** Moves the sandbox clock (token expiry, rate-limit windows) by `ms`. */
  advanceClock(ms: number): void;
  /** The sandbox clock in ms (real time plus every `advanceClock`). */
  now(): number;
  close(): Promise<void>;
}

const SECRET_HEADERS = new Set(['authorization', 'cookie', 'x-particle-access-token']);

function redact(headers: Record<string, string | string[] | undefined>) {
  const out: Record<string, string | string[] | undefined> = {};
  for (const [k, v] of Object.entries(headers)) out[k] = SECRET_HEADERS.has(k) ? '[redacted]' : v;
  return out;
}

const SECRET_FIELDS = new Set([
  'password',
  'current_password',
  'client_secret',
  'otp',
  'access_token',
  'refresh_token',
  'mfa_token',
  'secret',
  'assertion',
  'code',
  'code_verifier',
  'token',
]);

/** The URL as recorded: secret query parameters (password, tokens, codes) redacted. */
function loggedUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  let changed = false;
  for (const key of [...params.keys()]) {
    if (SECRET_FIELDS.has(key)) {
      params.set(key, '[redacted]');
      changed = true;
    }
  }
  return changed ? `${url.slice(0, q)}?${params.toString()}` : url;
}

/** Longest string kept in a recorded body; longer ones are cut and marked with their full length. */
const MAX_LOGGED_STRING = 2048;
/** Most array items / object keys kept per level of a recorded body. */
const MAX_LOGGED_ITEMS = 100;
const MAX_LOGGED_DEPTH = 8;

/** The request body as recorded: secrets redacted, multipart files summarised, raw bytes by length, size-capped. */
function loggedBody(body: unknown, depth = 0): unknown {
  if (body === undefined || body === null) return body;
  if (Buffer.isBuffer(body)) return `<${body.length} bytes>`;
  if (typeof body === 'string')
    return body.length > MAX_LOGGED_STRING
      ? `${body.slice(0, MAX_LOGGED_STRING)}…[${body.length} chars]`
      : body;
  if (typeof body !== 'object') return body;
  if (depth >= MAX_LOGGED_DEPTH) return '[…]';
  if (Array.isArray(body)) {
    const items = body.slice(0, MAX_LOGGED_ITEMS).map((v) => loggedBody(v, depth + 1));
    if (body.length > MAX_LOGGED_ITEMS) items.push(`…[${body.length} items]`);
    return items;
  }
  const part = body as {
    type?: unknown;
    fieldname?: unknown;
    filename?: unknown;
    mimetype?: unknown;
    value?: unknown;
  };
  if ((part.type === 'file' || part.type === 'field') && typeof part.fieldname === 'string') {
    return part.type === 'file'
      ? { filename: part.filename, mimetype: part.mimetype }
      : loggedBody(part.value, depth + 1);
  }
  const out: Record<string, unknown> = {};
  const entries = Object.entries(body);
  for (const [k, v] of entries.slice(0, MAX_LOGGED_ITEMS))
    out[k] = SECRET_FIELDS.has(k) ? '[redacted]' : loggedBody(v, depth + 1);
  if (entries.length > MAX_LOGGED_ITEMS) out['…'] = `[${entries.length} keys]`;
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts a sandbox serving Genesys login (/login), Genesys API (/api/v2) and the admin API (/__sandbox). */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const seed = options.seed ?? 1;
  let clockOffset = 0;
  let random = seededRandom(seed);
  const faults = new FaultStore(seed);
  const ctx: SandboxContext = {
    seed,
    random: () => random(),
    now: () => Date.now() + clockOffset,
    faults,
  };
  let genesys = seedGenesys(ctx.random, ctx.now());
  const recorded: RecordedRequest[] = [];

  const app = Fastify({ logger: false, routerOptions: { maxParamLength: 500 }, bodyLimit: 10 * 1024 * 1024 });
  await app.register(formbody);
  await app.register(cookie);
  // Browser apps on any loopback origin may call the login and API endpoints.
  await app.register(cors, {
    origin: (origin, cb) => {
      let ok = false;
      try {
        const host = origin ? new URL(origin).hostname : '';
        ok = host === 'localhost' || host === '127.0.0.1' || host === '[::1]';
      } catch {}
      cb(null, ok);
    },
    credentials: true,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    exposedHeaders: [
      'inin-correlation-id',
      'inin-ratelimit-count',
      'inin-ratelimit-allowed',
      'inin-ratelimit-reset',
      'retry-after',
      'location',
    ],
    maxAge: 600,
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('inin-correlation-id', randomUUID());
    if (request.url.startsWith('/__sandbox/')) return;
    const latency = faults.take('latency', request.method, request.url);
    if (latency?.latencyMs) await sleep(latency.latencyMs);
    const revoke = faults.take('revoke-token', request.method, request.url);
    if (revoke) {
      const raw = request.headers.authorization?.replace(/^Bearer /, '');
      const token = raw ? genesys.tokens.get(raw) : undefined;
      if (token) token.revoked = true;
      if (raw) particle.state.tokens.delete(raw);
    }
    if (faults.take('reset-before-body', request.method, request.url)) {
      // Hijacked: Fastify runs nothing more for this request (no body parsing, no handler).
      reply.hijack();
      request.raw.socket.destroy();
      return reply;
    }
    const status = faults.take('status', request.method, request.url);
    if (status?.status) {
      for (const [k, v] of Object.entries(status.headers ?? {})) reply.header(k, v);
      if (status.status === 429 && !status.headers?.['retry-after']) reply.header('retry-after', '1');
      if (status.body !== undefined) return reply.code(status.status).send(status.body);
      if (/^\/(v1\/|oauth\/)/.test(request.url))
        return reply.code(status.status).send({ ok: false, error: `injected status ${status.status}` });
      return sendGenesysError(reply, status.status, 'sandbox.fault', `injected status ${status.status}`);
    }
  });

  app.addHook('preHandler', async (request, reply) => {
    if (request.url.startsWith('/__sandbox/')) return;
    if (faults.take('reset-after-body', request.method, request.url)) {
      // The body has been read; the handler must not run (its effects would happen without an answer).
      reply.hijack();
      request.raw.socket.destroy();
      return reply;
    }
  });

  // truncate: announce the full length, send half of the body, then cut the connection.
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.url.startsWith('/__sandbox/') || typeof payload !== 'string' || payload.length < 2)
      return payload;
    if (!faults.take('truncate', request.method, request.url)) return payload;
    const full = Buffer.from(payload);
    reply.hijack();
    const headers = { ...reply.getHeaders(), 'content-length': String(full.length) } as Record<
      string,
      string
    >;
    reply.raw.writeHead(reply.statusCode, headers);
    reply.raw.write(full.subarray(0, Math.floor(full.length / 2)), () => request.raw.socket.destroy());
    return payload;
  });

  const logged = new WeakSet<object>();
  const record = (request: FastifyRequest, status: number) => {
    logged.add(request.raw);
    recorded.push({
      method: request.method,
      url: loggedUrl(request.url),
      headers: redact(request.headers),
      body: loggedBody(request.body),
      status,
      at: ctx.now(),
    });
    // Keeps the newest 1000 (trimmed in batches so a request does not pay for moving the whole list).
    if (recorded.length > 1100) recorded.splice(0, recorded.length - 1000);
  };
  app.addHook('onResponse', async (request, reply) => {
    if (request.url.startsWith('/__sandbox/')) return;
    record(request, reply.statusCode);
  });
  // Hijacked responses (event streams, reset faults) skip onResponse: record them when their connection closes.
  app.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith('/__sandbox/')) return;
    reply.raw.once('close', () => {
      // Status 0: the connection closed without an answer (reset faults, clients that went away).
      // Deferred so that onResponse, which runs on 'finish', has recorded ordinary responses first.
      setImmediate(() => {
        if (!logged.has(request.raw)) record(request, reply.raw.headersSent ? reply.raw.statusCode : 0);
      });
    });
  });

  const tables = options.genesysTables === false ? undefined : (options.genesysTables ?? loadDefaultTables());
  const spec = tables ? new SpecRouter(tables) : undefined;
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] as string;
    const m = spec && path.startsWith('/api/v2/') ? spec.match(request.method, path) : undefined;
    if (!m) return sendGenesysError(reply, 404, 'not.found', `no route for ${request.method} ${path}`);
    const hasBody = request.body !== undefined && request.body !== null;
    const problem = spec?.validate(m, request.query as Record<string, unknown>, request.body, hasBody);
    if (problem) return sendGenesysError(reply, 400, 'bad.request', problem);
    // Seeded by the sandbox seed and the request line: the same request always gets the same answer.
    const example = (spec as SpecRouter).example(
      m.op,
      seededRandom(hashString(`${seed} ${request.method} ${request.url}`)),
      {
        path,
        query: request.query as Record<string, unknown>,
      },
    );
    return example.body === undefined
      ? reply.code(example.status).send()
      : reply.code(example.status).send(example.body);
  });
  app.setErrorHandler((error: { statusCode?: number; message: string }, _request, reply) => {
    const status =
      error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    return sendGenesysError(
      reply,
      status,
      status === 500 ? 'internal.server.error' : 'bad.request',
      error.message,
    );
  });

  const tokenTtlSeconds = options.tokenTtlSeconds ?? 86400;
  let samlIdp: (SamlTrust & { privateKey?: string }) | undefined = options.saml;
  const saml = (): SamlTrust & { privateKey?: string } => {
    samlIdp ??= generateIdentityProvider() satisfies SamlIdentityProvider;
    return samlIdp;
  };
  registerLogin(app, ctx, () => genesys, { tokenTtlSeconds, saml });
  registerAuthorize(app, ctx, () => genesys, { tokenTtlSeconds });
  const hub = new NotificationHub(ctx, {
    heartbeatMs: options.notificationHeartbeatMs ?? 30_000,
    channelTtlMs: options.notificationChannelTtlMs ?? 86_400_000,
  });
  registerApi(app, ctx, () => genesys, {
    rateLimitPerMinute: options.rateLimitPerMinute ?? 300,
    publish: (topic, body) => hub.publish(topic, body),
  });
  registerDirectory(app, ctx, () => genesys);
  hub.register(app);
  registerAnalytics(app, ctx, () => genesys);
  app.server.on('upgrade', (request, socket, head) => {
    if (!hub.upgrade(request, socket, head)) {
      socket.end('HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
    }
  });

  const reset = () => {
    clockOffset = 0;
    random = seededRandom(seed);
    genesys = seedGenesys(ctx.random, ctx.now());
    faults.clear();
    recorded.length = 0;
    hub.reset();
    particle.reset();
  };

  app.get('/__sandbox/faults', async () => faults.list());
  app.post('/__sandbox/faults', async (request, reply) => {
    try {
      return reply.code(201).send(faults.add(request.body as FaultInput));
    } catch (e) {
      if (e instanceof FaultInputError)
        return reply.code(400).send({ error: 'invalid_fault', message: e.message });
      throw e;
    }
  });
  app.delete<{ Params: { id: string } }>('/__sandbox/faults/:id', async (request, reply) =>
    faults.remove(request.params.id)
      ? reply.code(204).send()
      : sendGenesysError(reply, 404, 'not.found', 'no such fault'),
  );
  app.delete('/__sandbox/faults', async (_request, reply) => {
    faults.clear();
    return reply.code(204).send();
  });
  app.post('/__sandbox/reset', async (_request, reply) => {
    reset();
    return reply.code(204).send();
  });
  // Recent requests, oldest first; filters: method, path (with * wildcards, query ignored), status, limit (newest N).
  app.get('/__sandbox/requests', async (request, reply) => {
    const q = request.query as Record<string, unknown>;
    let list = recorded;
    if (typeof q.method === 'string') {
      const m = q.method.toUpperCase();
      list = list.filter((r) => r.method === m);
    }
    if (typeof q.path === 'string') {
      const re = new RegExp(`^${q.path.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
      list = list.filter((r) => re.test(r.url.split('?')[0] as string));
    }
    if (typeof q.status === 'string') {
      const status = Number(q.status);
      if (!Number.isInteger(status))
        return reply.code(400).send({ error: 'invalid_request', message: 'status must be an integer' });
      list = list.filter((r) => r.status === status);
    }
    if (typeof q.limit === 'string') {
      const limit = Number(q.limit);
      if (!Number.isInteger(limit) || limit < 1)
        return reply
          .code(400)
          .send({ error: 'invalid_request', message: 'limit must be a positive integer' });
      list = list.slice(-limit);
    }
    return list;
  });
  app.post('/__sandbox/tokens/revoke', async (request, reply) => {
    const body = (request.body ?? {}) as { token?: unknown };
    if (typeof body.token !== 'string')
      return reply.code(400).send({ error: 'invalid_request', message: 'body.token must be a string' });
    const token = genesys.tokens.get(body.token);
    if (!token && particle.state.tokens.delete(body.token)) return reply.code(204).send();
    if (!token) return reply.code(404).send({ error: 'not_found', message: 'unknown token' });
    token.revoked = true;
    return reply.code(204).send();
  });
  app.post('/__sandbox/clock', async (request, reply) => {
    const body = (request.body ?? {}) as { advanceMs?: unknown };
    if (typeof body.advanceMs !== 'number')
      return reply.code(400).send({ error: 'invalid_request', message: 'body.advanceMs must be a number' });
    clockOffset += body.advanceMs;
    return reply.send({ now: ctx.now() });
  });

  const particle = registerParticle(app, ctx, { seed, ...options.particle });

  const address = await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
  const url = address.replace('://[::1]', '://localhost');
  const client = genesys.clients.get('sandbox-client-credentials');
  const secretOf = (id: string) => genesys.clients.get(id)?.secret ?? '';
  const users = [...genesys.accounts.values()].map((a) => ({
    id: a.userId,
    name: genesys.users.get(a.userId)?.name ?? '',
    username: a.username,
    password: a.password,
    roles: [...a.roles],
  }));
  return {
    url,
    genesys: {
      loginUrl: `${url}/login`,
      apiUrl: url,
      clientId: client?.id ?? '',
      clientSecret: client?.secret ?? '',
      codeClientId: 'sandbox-code-client',
      codeClientSecret: secretOf('sandbox-code-client'),
      pkceClientId: 'sandbox-pkce-client',
      implicitClientId: 'sandbox-implicit-client',
      samlClientId: 'sandbox-saml-client',
      samlClientSecret: secretOf('sandbox-saml-client'),
      users,
      get saml() {
        return saml();
      },
    },
    particle: { apiUrl: url, ...particle.credentials },
    get state() {
      return { genesys, particle: particle.state };
    },
    faults: {
      add: (f) => faults.add(f),
      list: () => faults.list(),
      remove: (id) => faults.remove(id),
      clear: () => faults.clear(),
    },
    requests: () => [...recorded],
    reset,
    advanceClock: (ms) => {
      clockOffset += ms;
    },
    now: () => ctx.now(),
    close: async () => {
      await particle.close();
      hub.close();
      await app.close();
    },
  };
}
