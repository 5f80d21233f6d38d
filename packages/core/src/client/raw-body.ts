// The body handling of a platform without a serializer: bodies already in wire form pass through as they are.
import { ValidationError } from '../errors/index.js';
import { isStreamLike } from '../transport/types.js';
import type { SerializedBody } from './body.js';

/**
 * Strings, bytes, FormData and streams unchanged, ArrayBuffers and Blobs as bytes; anything else is a
 * ValidationError (`notRaw` says what was expected).
 */
export async function rawBody(
  body: unknown,
  notRaw = 'without serializeBody a body must be a string, bytes, Blob, FormData or stream',
): Promise<SerializedBody> {
  if (
    body === undefined ||
    typeof body === 'string' ||
    body instanceof Uint8Array ||
    (typeof FormData !== 'undefined' && body instanceof FormData)
  ) {
    return { body, replayable: true };
  }
  if (body instanceof ArrayBuffer) return { body: new Uint8Array(body), replayable: true };
  if (typeof Blob !== 'undefined' && body instanceof Blob)
    return { body: new Uint8Array(await body.arrayBuffer()), replayable: true };
  // A stream can be read once: such a request is never retried.
  if (isStreamLike(body)) return { body, replayable: false };
  throw new ValidationError(notRaw);
}
