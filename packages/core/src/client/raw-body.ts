// The body handling of a platform without a serializer: bodies already in wire form pass through as they are.
import { ValidationError } from '../errors/index.js';
import type { TransportBody } from '../transport/types.js';
import type { SerializedBody } from './body.js';

/** Strings, bytes, FormData, Blobs and streams, unchanged; anything else needs the platform's serializer. */
export async function rawBody(body: unknown): Promise<SerializedBody> {
  if (body === undefined) return { body, replayable: true };
  if (body instanceof ArrayBuffer) return { body: new Uint8Array(body), replayable: true };
  if (typeof Blob !== 'undefined' && body instanceof Blob)
    return { body: new Uint8Array(await body.arrayBuffer()), replayable: true };
  const stream = typeof body === 'object' && body !== null && !(body instanceof Uint8Array);
  if (
    typeof body === 'string' ||
    body instanceof Uint8Array ||
    (typeof FormData !== 'undefined' && body instanceof FormData) ||
    (stream && (Symbol.asyncIterator in body || 'getReader' in body))
  ) {
    const replayable = !stream || (typeof FormData !== 'undefined' && body instanceof FormData);
    return { body: body as TransportBody, replayable };
  }
  throw new ValidationError(
    'this client sends a body as given: string, bytes, Blob, FormData or stream (its platform has no serializeBody)',
  );
}
