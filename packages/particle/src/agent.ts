import { ParticleApiError, ParticleNetworkError, ParticleTimeoutError } from './errors.js';
import { stringifyQuery } from './query.js';
import type { FileInput, JSONResponse, ParticleOptions, RequestArgs, RequestContext } from './types.js';

export const USER_AGENT = 'particle-api-js/12.0.3 (https://github.com/particle-iot/particle-api-js)';

function contextHeaders(context: RequestContext | undefined): Record<string, string> {
  const out: Record<string, string> = {};
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
  return out;
}

async function readNodeStream(s: AsyncIterable<unknown>): Promise<Blob> {
  const parts: BlobPart[] = [];
  for await (const c of s) parts.push(typeof c === 'string' ? c : (c as BlobPart));
  return new Blob(parts);
}

async function toBlob(input: FileInput): Promise<Blob> {
  if (typeof input === 'string') {
    // Node only: a file path. The specifier is built at run time so browser bundles never reference fs.
    const fsName = ['node', 'fs/promises'].join(':');
    const fs = (await import(/* @vite-ignore */ fsName)) as { readFile(p: string): Promise<Uint8Array> };
    return new Blob([(await fs.readFile(input)) as BlobPart]);
  }
  if (typeof Blob !== 'undefined' && input instanceof Blob) return input;
  if (input instanceof Uint8Array || input instanceof ArrayBuffer) return new Blob([input as BlobPart]);
  if (input && typeof input === 'object') {
    // Web streams (browsers do not all make them async-iterable) and Node readables.
    if (typeof (input as ReadableStream).getReader === 'function')
      return new Response(input as ReadableStream).blob();
    if (Symbol.asyncIterator in input) return readNodeStream(input as unknown as AsyncIterable<unknown>);
  }
  throw new TypeError('file must be a path, Buffer, Uint8Array, ArrayBuffer, Blob or stream');
}

const RETRYABLE = new Set([429, 502, 503, 504]);

/** Builds and sends one request the way particle-api-js puts it on the wire. */
export async function send(opts: ParticleOptions & { baseUrl: string }, a: RequestArgs): Promise<any> {
  let url = a.uri[0] === '/' ? `${opts.baseUrl}${a.uri}` : a.uri;
  const qs = stringifyQuery(a.query);
  if (qs) url += `${url.includes('?') ? '&' : '?'}${qs}`;
  const method = a.method.toUpperCase();
  const headers: Record<string, string> = { 'User-Agent': USER_AGENT };
  let body: BodyInit | undefined;
  let streamed = false;
  if (a.files) {
    const fd = new FormData();
    const entries = Object.entries(a.files);
    for (let i = 0; i < entries.length; i++) {
      const [name, data] = entries[i]!;
      fd.append(i ? `file${i + 1}` : 'file', await toBlob(data), name);
    }
    for (const [k, v] of Object.entries(a.form ?? {})) if (v !== undefined) fd.append(k, String(v));
    body = fd;
    if (a.onProgress) {
      // Serialise once to learn the size, then feed it in chunks, reporting what the connection has taken.
      const encoded = new Response(fd);
      const bytes = new Uint8Array(await encoded.arrayBuffer());
      headers['Content-Type'] = encoded.headers.get('content-type') ?? 'multipart/form-data';
      headers['Content-Length'] = String(bytes.length);
      body = progressStream(bytes, a.onProgress);
      streamed = true;
    }
  } else if (a.form) {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    body = stringifyQuery(a.form);
  } else if (a.data) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(a.data);
  }
  if (typeof a.auth === 'string') headers.Authorization = `Bearer ${a.auth}`;
  Object.assign(headers, contextHeaders(a.context), a.headers);

  const doFetch = opts.fetch ?? fetch;
  const idempotent = method !== 'POST' && method !== 'PATCH';
  const maxRetries = idempotent ? (opts.retries ?? 0) : 0;
  for (let attempt = 0; ; attempt++) {
    const started = Date.now();
    const timeoutSignal = opts.timeout ? AbortSignal.timeout(opts.timeout) : undefined;
    const signals = [a.signal, timeoutSignal].filter((s): s is AbortSignal => !!s);
    const signal = signals.length > 1 ? anySignal(signals) : signals[0];
    let res: Response;
    try {
      const init: RequestInit & { duplex?: 'half' } = { method, headers, body, signal };
      if (streamed) init.duplex = 'half';
      res = await doFetch(url, init);
    } catch (err) {
      opts.log?.({ method, url, ms: Date.now() - started, error: err });
      if (attempt < maxRetries && !a.signal?.aborted && !timeoutSignal?.aborted) {
        await delay(250 * 2 ** attempt);
        continue;
      }
      if (timeoutSignal?.aborted && !a.signal?.aborted)
        throw new ParticleTimeoutError(method, url, opts.timeout ?? 0, err);
      throw new ParticleNetworkError(method, url, err);
    }
    opts.log?.({ method, url, status: res.status, ms: Date.now() - started });
    if (!res.ok) {
      const text = await res.text();
      if (attempt < maxRetries && RETRYABLE.has(res.status)) {
        await delay(250 * 2 ** attempt);
        continue;
      }
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {}
      const h: Record<string, string> = {};
      res.headers.forEach((v, k) => {
        h[k] = v;
      });
      throw new ParticleApiError({
        status: res.status,
        statusText: res.statusText,
        headers: h,
        text,
        body: parsed,
        method,
        url,
      });
    }
    if (res.status === 204) return { body: {}, statusCode: 204 } satisfies JSONResponse;
    if (a.isBuffer) {
      const buf = await res.arrayBuffer();
      const B = (globalThis as { Buffer?: { from(b: ArrayBuffer): Uint8Array } }).Buffer;
      return typeof window === 'undefined' && B ? B.from(buf) : buf;
    }
    const text = await res.text();
    return { body: text ? JSON.parse(text) : {}, statusCode: res.status } satisfies JSONResponse;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function anySignal(signals: AbortSignal[]): AbortSignal {
  const c = new AbortController();
  for (const s of signals) {
    if (s.aborted) c.abort(s.reason);
    else s.addEventListener('abort', () => c.abort(s.reason), { once: true });
  }
  return c.signal;
}

const CHUNK = 64 * 1024;

function progressStream(
  bytes: Uint8Array,
  onProgress: (sent: number, total: number) => void,
): ReadableStream {
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    start() {
      onProgress(0, bytes.length);
    },
    pull(controller) {
      if (sent >= bytes.length) {
        controller.close();
        return;
      }
      const chunk = bytes.subarray(sent, sent + CHUNK);
      controller.enqueue(chunk);
      sent += chunk.length;
      onProgress(sent, bytes.length);
    },
  });
}
