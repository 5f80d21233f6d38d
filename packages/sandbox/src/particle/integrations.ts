import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Body, bodyOf, iso, originOf, scoped } from './access.js';
import type { AuthDeps } from './auth.js';
import { sendParticleError } from './errors.js';
import type { EventBus } from './events.js';
import { type Integration, nextId, type ParticleEvent, type ParticleState } from './state.js';

export const INTEGRATION_TYPES = ['Webhook', 'AzureIotHub', 'GoogleCloudPubSub', 'GoogleMaps'] as const;
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'];
/** Fields kept on the integration itself; everything else is kept in `settings` and echoed back. */
const OWN = new Set([
  'event',
  'url',
  'deviceId',
  'deviceid',
  'requestType',
  'noDefaults',
  'rejectUnauthorized',
  'integration_type',
  'disabled',
  'access_token',
]);

export interface IntegrationDeps extends AuthDeps {
  bus: () => EventBus;
}

const truthy = (v: unknown) => v === true || v === 'true';

/** Checks and normalises a create/edit body onto `base`; returns an error message or the updated record. */
function applyBody(body: Body, base: Integration): string | Integration {
  const next: Integration = { ...base, settings: { ...base.settings } };
  if (body.event !== undefined) {
    if (typeof body.event !== 'string' || body.event.length === 0 || body.event.length > 64)
      return 'event must be a string of 1 to 64 characters';
    next.event = body.event;
  }
  if (body.integration_type !== undefined) {
    if (!INTEGRATION_TYPES.includes(body.integration_type as (typeof INTEGRATION_TYPES)[number]))
      return `integration_type must be one of ${INTEGRATION_TYPES.join(', ')}`;
    next.integration_type = body.integration_type as string;
  }
  if (body.url !== undefined) {
    let ok = false;
    try {
      const u = new URL(String(body.url));
      ok = typeof body.url === 'string' && (u.protocol === 'http:' || u.protocol === 'https:');
    } catch {}
    if (!ok) return 'url must be an http or https URL';
    next.url = body.url as string;
  }
  if (body.requestType !== undefined) {
    const m = String(body.requestType).toUpperCase();
    if (!METHODS.includes(m)) return `requestType must be one of ${METHODS.join(', ')}`;
    next.requestType = m;
  }
  const device = body.deviceId ?? body.deviceid;
  if (device !== undefined && device !== null && device !== '') {
    if (typeof device !== 'string') return 'deviceId must be a string';
    next.deviceId = device;
  }
  if (body.noDefaults !== undefined) next.noDefaults = truthy(body.noDefaults);
  if (body.rejectUnauthorized !== undefined) next.rejectUnauthorized = truthy(body.rejectUnauthorized);
  if (body.disabled !== undefined) next.disabled = truthy(body.disabled);
  for (const k of ['json', 'form', 'query', 'headers', 'auth'] as const) {
    const v = body[k];
    if (v !== undefined && v !== null && (typeof v !== 'object' || Array.isArray(v)))
      return `${k} must be an object`;
  }
  const auth = body.auth as Body | undefined;
  if (auth && (typeof auth.username !== 'string' || typeof auth.password !== 'string'))
    return 'auth must be { username, password }';
  for (const [k, v] of Object.entries(body)) if (!OWN.has(k) && v !== undefined) next.settings[k] = v;
  if (next.event === '') return 'event is required';
  if (next.integration_type === 'Webhook' && !next.url) return 'url is required for a Webhook';
  return next;
}

const webhookJson = (i: Integration, origin: string) => ({
  id: i.id,
  event: i.event,
  url: i.url,
  requestType: i.requestType,
  deviceID: i.deviceId ?? undefined,
  name: null,
  created_at: iso(i.createdAt),
  disabled: i.disabled,
  noDefaults: i.noDefaults,
  rejectUnauthorized: i.rejectUnauthorized,
  ...i.settings,
  hookUrl: `${origin}/v1/webhooks/${i.id}`,
});

const integrationJson = (i: Integration) => ({
  id: i.id,
  event: i.event,
  integration_type: i.integration_type,
  url: i.url ?? undefined,
  requestType: i.requestType,
  deviceid: i.deviceId ?? undefined,
  created_at: iso(i.createdAt),
  disabled: i.disabled,
  noDefaults: i.noDefaults,
  rejectUnauthorized: i.rejectUnauthorized,
  ...i.settings,
});

/** Does `e` belong to the owner namespace `ns` (the user's own events, a product's, an org's products')? */
export function eventInNamespace(state: ParticleState, ns: string, e: ParticleEvent): boolean {
  const [kind, id] = ns.split(':') as [string, string];
  if (kind === 'user') return e.ownerId === id && e.productId === null;
  if (kind === 'product') return e.productId === Number(id);
  if (kind === 'org') return e.productId !== null && state.products.get(e.productId)?.orgId === id;
  return false;
}

/** `{{VAR}}`/`{{{VAR}}}` with the Particle webhook variables and the top-level fields of JSON event data. */
function render(template: unknown, vars: Record<string, string>): unknown {
  if (typeof template === 'string')
    return template.replace(/\{\{\{?\s*([A-Za-z0-9_.]+)\s*\}?\}\}/g, (_, k: string) => vars[k] ?? '');
  if (Array.isArray(template)) return template.map((t) => render(t, vars));
  if (template && typeof template === 'object')
    return Object.fromEntries(Object.entries(template).map(([k, v]) => [k, render(v, vars)]));
  return template;
}

function variables(e: Pick<ParticleEvent, 'name' | 'data' | 'coreid' | 'published_at' | 'productId'>) {
  const vars: Record<string, string> = {
    PARTICLE_EVENT_NAME: e.name,
    PARTICLE_EVENT_VALUE: e.data,
    PARTICLE_DEVICE_ID: e.coreid,
    PARTICLE_PUBLISHED_AT: e.published_at,
    PRODUCT_ID: e.productId === null ? '' : String(e.productId),
  };
  try {
    const parsed = JSON.parse(e.data) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      for (const [k, v] of Object.entries(parsed))
        if (!(k in vars)) vars[k] = typeof v === 'string' ? v : JSON.stringify(v);
  } catch {}
  return vars;
}

/**
 * Sends one webhook request for `e` and publishes `hook-sent/<event>`, then `hook-response/<event>/<n>` (the body in
 * 512-byte parts) or `hook-error/<event>/0`. Resolves to the delivery record.
 */
export async function deliver(deps: IntegrationDeps, hook: Integration, e: ParticleEvent) {
  const vars = variables(e);
  const defaults = hook.noDefaults
    ? {}
    : { event: e.name, data: e.data, published_at: e.published_at, coreid: e.coreid };
  let url: URL;
  try {
    url = new URL(String(render(hook.url, vars)));
  } catch {
    // A template that renders to no URL (e.g. an empty variable in the host) fails this delivery only.
    const record: Integration['deliveries'][number] = {
      event: e.name,
      method: hook.requestType,
      url: String(render(hook.url, vars)),
      status: null,
      error: 'the rendered url is not a valid URL',
      at: deps.ctx.now(),
    };
    hook.deliveries.push(record);
    if (hook.deliveries.length > 50) hook.deliveries.shift();
    deps.bus().publish({
      name: `hook-error/${e.name}/0`,
      data: `Error: ${record.error}`,
      ttl: 60,
      coreid: 'particle-internal',
      ownerId: e.ownerId,
      productId: e.productId,
      isPrivate: true,
    });
    return record;
  }
  for (const [k, v] of Object.entries((render(hook.settings.query, vars) as Body) ?? {}))
    url.searchParams.set(k, String(v));
  const headers: Record<string, string> = { 'user-agent': 'ParticleBot/1.1 (skyport-sandbox)' };
  for (const [k, v] of Object.entries((render(hook.settings.headers, vars) as Body) ?? {}))
    headers[k.toLowerCase()] = String(v);
  const auth = hook.settings.auth as { username: string; password: string } | undefined;
  if (auth)
    headers.authorization = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
  let body: string | undefined;
  if (hook.requestType !== 'GET' && hook.requestType !== 'DELETE') {
    if (typeof hook.settings.body === 'string') {
      body = String(render(hook.settings.body, vars));
      headers['content-type'] ??= 'text/plain';
    } else if (hook.settings.json) {
      body = JSON.stringify({ ...defaults, ...(render(hook.settings.json, vars) as Body) });
      headers['content-type'] ??= 'application/json';
    } else {
      const form = { ...defaults, ...((render(hook.settings.form, vars) as Body) ?? {}) };
      body = new URLSearchParams(Object.entries(form).map(([k, v]) => [k, String(v)])).toString();
      headers['content-type'] ??= 'application/x-www-form-urlencoded';
    }
  }
  const bus = deps.bus();
  const hookEvent = (name: string, data: string) =>
    bus.publish({
      name,
      data,
      ttl: 60,
      coreid: 'particle-internal',
      ownerId: e.ownerId,
      productId: e.productId,
      isPrivate: true,
    });
  hookEvent(`hook-sent/${e.name}`, '');
  const record: Integration['deliveries'][number] = {
    event: e.name,
    method: hook.requestType,
    url: url.toString(),
    status: null,
    at: deps.ctx.now(),
  };
  try {
    const res = await fetch(url, {
      method: hook.requestType,
      headers,
      body,
      signal: AbortSignal.timeout(5000),
    });
    const text = await res.text();
    record.status = res.status;
    record.responseBody = text;
    if (res.ok) {
      const topic = hook.settings.responseTopic
        ? String(render(hook.settings.responseTopic, vars))
        : `hook-response/${e.name}`;
      let out = text;
      if (typeof hook.settings.responseTemplate === 'string') {
        let parsed: Record<string, string> = {};
        try {
          parsed = variables({ ...e, data: text });
        } catch {}
        out = String(render(hook.settings.responseTemplate, parsed));
      }
      const parts = Math.max(1, Math.ceil(Buffer.byteLength(out) / 512));
      const buf = Buffer.from(out);
      for (let i = 0; i < parts; i++)
        hookEvent(`${topic}/${i}`, buf.subarray(i * 512, (i + 1) * 512).toString());
    } else {
      const topic = hook.settings.errorResponseTopic
        ? String(render(hook.settings.errorResponseTopic, vars))
        : `hook-error/${e.name}`;
      hookEvent(`${topic}/0`, `Error: request failed with status ${res.status}: ${text.slice(0, 400)}`);
    }
  } catch (err) {
    record.error = err instanceof Error ? err.message : String(err);
    hookEvent(`hook-error/${e.name}/0`, `Error: ${record.error}`);
  }
  hook.deliveries.push(record);
  if (hook.deliveries.length > 50) hook.deliveries.shift();
  return record;
}

/** Webhooks (/v1/webhooks) and integrations (/v1/integrations), for the user, products and orgs; delivery. */
export function registerIntegrations(app: FastifyInstance, deps: IntegrationDeps): void {
  type P = { product?: string; org?: string; id?: string };
  const fresh = (ns: string, type: string): Integration => ({
    id: '',
    ns,
    integration_type: type,
    event: '',
    deviceId: null,
    url: null,
    requestType: 'POST',
    noDefaults: false,
    rejectUnauthorized: true,
    settings: {},
    createdAt: deps.ctx.now(),
    disabled: false,
    deliveries: [],
  });
  const find = (request: FastifyRequest<{ Params: P }>, reply: FastifyReply, webhooksOnly: boolean) => {
    const s = scoped(deps, request, reply);
    if (!s) return undefined;
    const i = deps.state().integrations.get(request.params.id ?? '');
    if (!i || i.ns !== s.ns || (webhooksOnly && i.integration_type !== 'Webhook')) {
      sendParticleError(
        reply,
        404,
        'Integration not found',
        `no integration ${JSON.stringify(request.params.id)}`,
      );
      return undefined;
    }
    return i;
  };

  // Legacy webhook API: the Webhook integrations of the user or a product.
  for (const base of ['/v1/webhooks', '/v1/products/:product/webhooks']) {
    app.post<{ Params: P }>(base, async (request, reply) => {
      const s = scoped(deps, request, reply);
      if (!s) return reply;
      const body = bodyOf(request);
      if (body.event === undefined) return sendParticleError(reply, 400, 'event is required');
      if (body.url === undefined) return sendParticleError(reply, 400, 'url is required');
      const next = applyBody(body, fresh(s.ns, 'Webhook'));
      if (typeof next === 'string') return sendParticleError(reply, 400, next);
      next.id = nextId(deps.state(), 'hook');
      deps.state().integrations.set(next.id, next);
      const json = webhookJson(next, originOf(request));
      return {
        ok: true,
        id: next.id,
        url: next.url,
        event: next.event,
        name: null,
        created_at: json.created_at,
        hookUrl: json.hookUrl,
      };
    });
    app.get<{ Params: P }>(base, async (request, reply) => {
      const s = scoped(deps, request, reply);
      if (!s) return reply;
      return [...deps.state().integrations.values()]
        .filter((i) => i.ns === s.ns && i.integration_type === 'Webhook')
        .map((i) => webhookJson(i, originOf(request)));
    });
    app.get<{ Params: P }>(`${base}/:id`, async (request, reply) => {
      const i = find(request, reply, true);
      return i ? { ok: true, webhook: webhookJson(i, originOf(request)) } : reply;
    });
    app.delete<{ Params: P }>(`${base}/:id`, async (request, reply) => {
      const i = find(request, reply, true);
      if (!i) return reply;
      deps.state().integrations.delete(i.id);
      return reply.code(204).send();
    });
  }

  for (const base of [
    '/v1/integrations',
    '/v1/products/:product/integrations',
    '/v1/orgs/:org/integrations',
  ]) {
    app.post<{ Params: P }>(base, async (request, reply) => {
      const s = scoped(deps, request, reply);
      if (!s) return reply;
      const body = bodyOf(request);
      if (body.event === undefined) return sendParticleError(reply, 400, 'event is required');
      if (body.integration_type === undefined)
        return sendParticleError(reply, 400, 'integration_type is required');
      const next = applyBody(body, fresh(s.ns, String(body.integration_type)));
      if (typeof next === 'string') return sendParticleError(reply, 400, next);
      next.id = nextId(deps.state(), 'hook');
      deps.state().integrations.set(next.id, next);
      return reply.code(201).send(integrationJson(next));
    });
    app.get<{ Params: P }>(base, async (request, reply) => {
      const s = scoped(deps, request, reply);
      if (!s) return reply;
      return [...deps.state().integrations.values()].filter((i) => i.ns === s.ns).map(integrationJson);
    });
    app.get<{ Params: P }>(`${base}/:id`, async (request, reply) => {
      const i = find(request, reply, false);
      return i ? integrationJson(i) : reply;
    });
    app.put<{ Params: P }>(`${base}/:id`, async (request, reply) => {
      const i = find(request, reply, false);
      if (!i) return reply;
      const next = applyBody(bodyOf(request), i);
      if (typeof next === 'string') return sendParticleError(reply, 400, next);
      deps.state().integrations.set(i.id, next);
      return integrationJson(next);
    });
    app.delete<{ Params: P }>(`${base}/:id`, async (request, reply) => {
      const i = find(request, reply, false);
      if (!i) return reply;
      deps.state().integrations.delete(i.id);
      return reply.code(204).send();
    });
    // Sends a test event through the integration now and reports what the endpoint answered.
    app.post<{ Params: P }>(`${base}/:id/test`, async (request, reply) => {
      const i = find(request, reply, false);
      if (!i) return reply;
      if (i.integration_type !== 'Webhook' || !i.url)
        return sendParticleError(reply, 400, `only Webhook integrations can be tested in the sandbox`);
      const s = scoped(deps, request, reply) as NonNullable<ReturnType<typeof scoped>>;
      const record = await deliver(deps, i, {
        id: 0,
        name: i.event,
        data: 'test-event',
        ttl: 60,
        published_at: new Date(deps.ctx.now()).toISOString(),
        coreid: i.deviceId ?? 'api',
        ownerId: s.user.id,
        productId: s.product?.id ?? null,
        isPrivate: true,
      });
      const ok = record.status !== null && record.status < 400;
      return {
        ok,
        response: { status: record.status, body: record.responseBody ?? null },
        ...(record.error ? { error: record.error } : {}),
      };
    });
  }

  // Live delivery of published events to matching, enabled Webhook integrations.
  deps.bus().onPublish((e) => {
    if (e.name.startsWith('hook-') || e.coreid === 'particle-internal') return;
    const state = deps.state();
    for (const i of state.integrations.values()) {
      if (i.disabled || i.integration_type !== 'Webhook' || !i.url) continue;
      if (!e.name.startsWith(i.event)) continue;
      if (i.deviceId && i.deviceId !== e.coreid) continue;
      if (!eventInNamespace(state, i.ns, e)) continue;
      void deliver(deps, i, e);
    }
  });
}
