// Multipart bodies for file uploads, kept apart from the request path (agent.ts) so a browser bundle whose
// client uploads nothing leaves it out: upload methods pass `multipart` with their call, the full `Particle`
// class carries it for `request({ files })`, and particleWith takes it as an option.
import { type ParticleBase, SEND } from './base.js';
import { lookupType } from './platform.js';
import type { FileInput, JSONResponse, RequestArgs } from './types.js';

/** Builds the body for `files` (+ `form` fields); may set Content-Type/Length in `headers`. */
export type MultipartEncoder = (
  files: Record<string, FileInput>,
  form: Record<string, unknown> | undefined,
  onProgress: ((sent: number, total: number) => void) | undefined,
  headers: Record<string, string>,
) => Promise<unknown>;

/** The file name form-data would take a part's type from: a File's name, or the path of an fs stream. */
function nameOf(input: FileInput): string | undefined {
  if (typeof input === 'string') return input;
  const o = input as { name?: unknown; path?: unknown };
  if (typeof o.name === 'string' && o.name) return o.name;
  return typeof o.path === 'string' ? o.path : undefined;
}

/**
 * One multipart file part, typed as particle-api-js types it: a Blob keeps its own type; otherwise, on Node,
 * the type mime-types finds for the file on disk (path or fs stream), else for the part's file name (`.cpp`,
 * `.h` → text/x-c, `.tar.gz` → application/gzip, `.json` → application/json…), else application/octet-stream.
 */
async function filePart(partName: string, input: FileInput): Promise<Blob> {
  let type = input instanceof Blob ? input.type : '';
  if (!type && lookupType) {
    const own = nameOf(input);
    type = (own && (await lookupType(own))) || (await lookupType(partName)) || '';
  }
  type ||= 'application/octet-stream';
  if (typeof input === 'string') {
    // Node only: a file path. The specifier is built at run time so browser bundles never reference fs.
    const fsName = ['node', 'fs/promises'].join(':');
    const fs = (await import(/* @vite-ignore */ fsName)) as { readFile(p: string): Promise<Uint8Array> };
    return new Blob([(await fs.readFile(input)) as BlobPart], { type });
  }
  if (input instanceof Blob) return input.type === type ? input : new Blob([input], { type });
  if (input instanceof Uint8Array || input instanceof ArrayBuffer)
    return new Blob([input as BlobPart], { type });
  if (input && typeof input === 'object') {
    // Web streams (not async-iterable in every browser) and Node readables.
    if ('getReader' in input) return new Blob([await new Response(input as ReadableStream).blob()], { type });
    if (Symbol.asyncIterator in input) {
      const parts: BlobPart[] = [];
      for await (const c of input as AsyncIterable<BlobPart>) parts.push(c);
      return new Blob(parts, { type });
    }
  }
  throw new TypeError('file must be a path, Buffer, Uint8Array, ArrayBuffer, Blob or stream');
}

/**
 * particle-api-js's multipart layout: parts `file`, `file2`, … named after their keys, then the form fields.
 * With `onProgress` the body is encoded up front so its size is known and the transport can report progress.
 */
export const multipart: MultipartEncoder = async (files, form, onProgress, headers) => {
  const fd = new FormData();
  const entries = Object.entries(files);
  for (let i = 0; i < entries.length; i++) {
    const [name, data] = entries[i]!;
    fd.append(i ? `file${i + 1}` : 'file', await filePart(name, data), name);
  }
  for (const [k, v] of Object.entries(form ?? {})) if (v !== undefined) fd.append(k, String(v));
  if (!onProgress) return fd;
  // Encoded once so the size is known; core's transport reports what the connection has taken.
  const encoded = new Response(fd);
  const bytes = new Uint8Array(await encoded.arrayBuffer());
  headers['Content-Type'] = encoded.headers.get('content-type') ?? 'multipart/form-data';
  headers['Content-Length'] = String(bytes.byteLength);
  return bytes;
};

/** `client.request(args)` for methods that upload: brings the encoder along, whatever the client's class. */
export function uploadRequest(client: ParticleBase, args: RequestArgs): Promise<JSONResponse> {
  return client[SEND](args.method, args, multipart);
}
