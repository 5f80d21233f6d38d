// Multipart bodies from an object of fields: file parts from paths (Node), bytes, Blobs or streams. Only
// serializeBody brings this; serializeSimpleBody takes multipart bodies as FormData.
import { ValidationError } from '../errors/index.js';
import { isStreamLike, toAsyncIterable } from '../transport/types.js';
import type { FilePart, MultipartBody, PathToBlob } from './body.js';

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
