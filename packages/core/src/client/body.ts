// Request body serialisation: JSON, form-urlencoded, multipart, text, binary, raw.
import { ValidationError } from '../errors/index.js';
import { isStreamLike, type TransportBody, toAsyncIterable } from '../transport/types.js';
import { rawBody } from './raw-body.js';

export type BodyType = 'json' | 'form' | 'multipart' | 'text' | 'binary' | 'raw';

export interface FilePart {
  /** A file path (Node), bytes, a Blob, or a stream. */
  data: string | Uint8Array | Blob | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;
  filename?: string;
  contentType?: string;
}

export type MultipartValue = string | number | boolean | FilePart | Uint8Array | Blob;
export type MultipartBody = Record<string, MultipartValue | MultipartValue[] | undefined | null>;

/** Platform hook: turns a file path into a Blob (Node reads the file; browsers cannot). */
export type PathToBlob = (path: string, contentType?: string) => Promise<Blob>;

export interface SerializedBody {
  body: TransportBody | undefined;
  contentType?: string;
  /** False for one-shot streams: such requests are never retried. */
  replayable: boolean;
}

function isFilePart(v: unknown): v is FilePart {
  return typeof v === 'object' && v !== null && 'data' in v && !(v instanceof Uint8Array);
}

async function collect(
  stream: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
): Promise<Uint8Array[]> {
  const parts: Uint8Array[] = [];
  for await (const chunk of toAsyncIterable(stream)) parts.push(chunk);
  return parts;
}

async function toBlob(part: FilePart, field: string, pathToBlob: PathToBlob | undefined): Promise<Blob> {
  const type = part.contentType ?? 'application/octet-stream';
  const d = part.data;
  if (typeof d === 'string') {
    if (!pathToBlob)
      throw new ValidationError(`multipart field "${field}": file paths are only supported on Node`);
    return pathToBlob(d, type);
  }
  if (d instanceof Uint8Array) return new Blob([d as BlobPart], { type });
  if (typeof Blob !== 'undefined' && d instanceof Blob) return part.contentType ? new Blob([d], { type }) : d;
  if (isStreamLike(d)) return new Blob((await collect(d)) as BlobPart[], { type });
  throw new ValidationError(`multipart field "${field}": unsupported file data`);
}

export async function buildMultipart(body: unknown, pathToBlob: PathToBlob | undefined): Promise<FormData> {
  if (typeof FormData !== 'undefined' && body instanceof FormData) return body;
  if (typeof body !== 'object' || body === null) {
    throw new ValidationError('multipart body must be an object of fields');
  }
  const form = new FormData();
  for (const [name, raw] of Object.entries(body as MultipartBody)) {
    if (raw === undefined || raw === null) continue;
    for (const value of Array.isArray(raw) ? raw : [raw]) {
      if (isFilePart(value)) {
        const blob = await toBlob(value, name, pathToBlob);
        const filename =
          value.filename ??
          (typeof value.data === 'string' ? value.data.split(/[\\/]/).pop() : undefined) ??
          name;
        form.append(name, blob, filename);
      } else if (value instanceof Uint8Array) {
        form.append(name, new Blob([value as BlobPart]), name);
      } else if (typeof Blob !== 'undefined' && value instanceof Blob) {
        form.append(name, value, (value as File).name ?? name);
      } else {
        form.append(name, String(value));
      }
    }
  }
  return form;
}

export function formEncode(body: unknown): string {
  if (typeof body === 'string') return body;
  if (body instanceof URLSearchParams) return body.toString();
  if (typeof body !== 'object' || body === null) throw new ValidationError('form body must be an object');
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    if (v === undefined || v === null) continue;
    for (const item of Array.isArray(v) ? v : [v]) {
      if (item instanceof Date) params.append(k, item.toISOString());
      else if (typeof item === 'object' && item !== null) {
        throw new ValidationError(`form field "${k}" must be a string, number or boolean, not an object`);
      } else params.append(k, String(item));
    }
  }
  return params.toString();
}

export async function serializeBody(
  body: unknown,
  bodyType: BodyType | undefined,
  pathToBlob: PathToBlob | undefined,
): Promise<SerializedBody> {
  if (body === undefined) return { body: undefined, replayable: true };
  const type = bodyType ?? inferBodyType(body);
  switch (type) {
    case 'json': {
      let text: string | undefined;
      try {
        text = JSON.stringify(body);
      } catch (cause) {
        throw new ValidationError('request body cannot be serialised as JSON', { cause });
      }
      return { body: text, contentType: 'application/json', replayable: true };
    }
    case 'form':
      return { body: formEncode(body), contentType: 'application/x-www-form-urlencoded', replayable: true };
    case 'multipart':
      // FormData sets its own content-type with the boundary.
      return { body: await buildMultipart(body, pathToBlob), replayable: true };
    case 'text':
      return { body: String(body), contentType: 'text/plain; charset=utf-8', replayable: true };
    case 'binary':
    case 'raw': {
      // The wire forms as they are (ArrayBuffer and Blob read into bytes); FormData brings its own type.
      const out = await rawBody(body, `a ${type} body must be a string, bytes, a Blob or a stream`);
      const ct =
        (typeof Blob !== 'undefined' && body instanceof Blob && body.type) ||
        (type === 'binary' ? 'application/octet-stream' : undefined);
      if (ct && !(typeof FormData !== 'undefined' && body instanceof FormData)) out.contentType = ct;
      return out;
    }
    default:
      throw new ValidationError(`unknown bodyType ${JSON.stringify(type)}`);
  }
}

function inferBodyType(body: unknown): BodyType {
  if (typeof body === 'string') return 'text';
  if (body instanceof Uint8Array || body instanceof ArrayBuffer) return 'binary';
  if (typeof FormData !== 'undefined' && body instanceof FormData) return 'multipart';
  if (typeof Blob !== 'undefined' && body instanceof Blob) return 'binary';
  if (body instanceof URLSearchParams) return 'form';
  if (isStreamLike(body)) return 'binary';
  return 'json';
}
