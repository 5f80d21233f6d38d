// Puts one particle-api-js-shaped request on @skyport/core's HttpClient (undici on Node, fetch in browsers):
// the same URL, query (`qs` style), headers and bodies on the wire, with core's retries, timeouts, logging,
// proxy/TLS and transport underneath, and particle-api-js's `{ body, statusCode }` / rejection shapes on top.
import {
  ApiError,
  createFetchTransport,
  type HttpClientOptions,
  type Logger,
  NetworkError,
  ParseError,
  TimeoutError,
} from '@skyport/core';
import { ParticleApiError, ParticleNetworkError, ParticleTimeoutError } from './errors.js';
import type { MultipartEncoder } from './multipart.js';
import { stringifyQuery } from './query.js';
import type { JSONResponse, ParticleOptions, RequestArgs, RequestContext } from './types.js';

export const USER_AGENT = 'particle-api-js/12.0.3 (https://github.com/particle-iot/particle-api-js)';

/** The part of core's HttpClient this module uses (lets tests and callers pass any client). */
export interface Http {
  requestExtended(req: Parameters<import('@skyport/core').HttpClient['requestExtended']>[0]): Promise<{
    status: number;
    text: string;
    body: unknown;
  }>;
}

/** Core client options from Particle's constructor options (`retries`, `log`, `fetch` kept for older code). */
export function httpOptions(o: ParticleOptions, baseUrl: string): HttpClientOptions {
  const out: HttpClientOptions = { baseUrl };
  const retry = o.retry ?? (o.retries !== undefined ? { maxRetries: o.retries } : undefined);
  if (retry !== undefined) out.retry = retry;
  if (o.timeout !== undefined) out.timeout = o.timeout;
  if (o.proxy) out.proxy = o.proxy;
  if (o.tls) out.tls = o.tls;
  if (o.hooks) out.hooks = o.hooks;
  const transport = o.transport ?? (o.fetch ? createFetchTransport({ fetch: o.fetch }) : undefined);
  if (transport) out.transport = transport;
  const logger = o.logger ?? (o.log ? logAdapter(o.log) : undefined);
  if (logger) out.logger = logger;
  return out;
}

function logAdapter(log: NonNullable<ParticleOptions['log']>): Logger {
  return {
    logHttp: (e) =>
      log({
        method: e.method,
        url: e.url,
        ...(e.status !== undefined ? { status: e.status } : {}),
        ms: Math.round(e.durationMs ?? 0),
        ...(e.error !== undefined ? { error: e.error } : {}),
      }),
  };
}

function contextHeaders(context: RequestContext | undefined, out: Record<string, string>): void {
  const tool = context?.tool;
  if (tool?.name) {
    const ident = (t: { name: string; version?: string }) =>
      t.version !== undefined ? `${t.name}@${t.version}` : t.name;
    out['X-Particle-Tool'] = [tool, ...(tool.components ?? [])].map(ident).join(', ');
  }
  const project = context?.project;
  if (project?.name) {
    let v = project.name;
    for (const [k, val] of Object.entries(project)) if (k !== 'name') v += `; ${k}=${val}`;
    out['X-Particle-Project'] = v;
  }
}

/** Maps core's errors to particle-api-js's rejection fields (core's classes stay in the prototype chain). */
export function particleError(err: unknown, method: string, url: string): unknown {
  if (err instanceof ApiError)
    return new ParticleApiError({
      status: err.status,
      statusText: err.statusText,
      headers: err.headers,
      text: err.text,
      body: err.body,
      method,
      url,
    });
  if (err instanceof TimeoutError) return new ParticleTimeoutError(method, url, err.timeout, err);
  if (err instanceof NetworkError) return new ParticleNetworkError(method, url, err.cause ?? err, err);
  return err;
}

/**
 * Builds and sends one request the way particle-api-js puts it on the wire. `verb`, `auth` and `context` are
 * the ones to use (the caller resolved defaults), so no copy of `a` is made per call.
 */
export async function send(
  http: Http,
  baseUrl: string,
  verb: string,
  a: Omit<RequestArgs, 'method'>,
  auth: string | undefined,
  context: RequestContext | undefined,
  multipart: MultipartEncoder | undefined,
): Promise<any> {
  let url = a.uri[0] === '/' ? baseUrl + a.uri : a.uri;
  const qs = a.query ? stringifyQuery(a.query) : '';
  if (qs) url += (url.includes('?') ? '&' : '?') + qs;
  const method = verb.toUpperCase();
  const headers: Record<string, string> = { 'User-Agent': USER_AGENT };
  let body: unknown;
  if (a.files) {
    if (!multipart) {
      throw new TypeError(
        "sending files needs multipart support: build the client with particleWith({ ... }, { multipart }) (multipart from '@skyport/particle/modular')",
      );
    }
    body = await multipart(a.files, a.form, a.onProgress, headers);
  } else if (a.form) {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    body = stringifyQuery(a.form);
  } else if (a.data) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(a.data);
  }
  if (typeof auth === 'string') headers.Authorization = `Bearer ${auth}`;
  if (context && (context.tool || context.project)) contextHeaders(context, headers);
  if (a.headers) Object.assign(headers, a.headers);
  const req: Parameters<Http['requestExtended']>[0] = {
    method,
    // Core fills `{name}` templates; braces in a Particle path are data (fetch would escape them too).
    path: url.includes('{') || url.includes('}') ? url.replace(/[{}]/g, encodeURIComponent) : url,
    headers,
    body,
    bodyType: 'raw',
    responseType: a.isBuffer ? 'binary' : 'text',
    auth: false,
  };
  if (a.signal) req.signal = a.signal;
  const onProgress = a.onProgress;
  if (onProgress) req.onUploadProgress = (p) => onProgress(p.loaded, p.total ?? 0);
  let res: Awaited<ReturnType<Http['requestExtended']>>;
  try {
    res = await http.requestExtended(req);
  } catch (err) {
    throw particleError(err, method, url);
  }
  if (res.status === 204) return { body: {}, statusCode: 204 } satisfies JSONResponse;
  if (a.isBuffer) {
    const bytes = res.body as Uint8Array;
    const B = (globalThis as { Buffer?: { from(b: ArrayBufferLike, o: number, l: number): Uint8Array } })
      .Buffer;
    return typeof window === 'undefined' && B
      ? B.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
      : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  }
  if (!res.text) return { body: {}, statusCode: res.status } satisfies JSONResponse;
  try {
    return { body: JSON.parse(res.text), statusCode: res.status } satisfies JSONResponse;
  } catch (cause) {
    throw new ParseError(`${method} ${url}: response (status ${res.status}) is not JSON`, res.text, {
      cause,
      status: res.status,
    });
  }
}
