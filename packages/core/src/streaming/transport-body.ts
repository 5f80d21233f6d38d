// The hand-over of a raw response's body (HttpClientBase.requestRaw) to a reader that consumes the transport's
// body directly instead of through the async iterator requestRaw returns.

/** Key under which requestRaw's body carries the transport's own body. */
export const TRANSPORT_BODY: unique symbol = Symbol.for('skyport.transportBody');

export interface TransportBodyAccess {
  /** The transport's body (undici's Readable in Node). */
  body: AsyncIterable<Uint8Array>;
  /** Turns a failure while reading into the client's error (NetworkError, TimeoutError, AbortError). */
  mapError(err: unknown): unknown;
  /** Ends the attempt (its timer and abort listener): call once when reading ends, however it ends. */
  finish(): void;
}

export function transportBodyOf(body: AsyncIterable<Uint8Array>): TransportBodyAccess | undefined {
  return (body as { [TRANSPORT_BODY]?: TransportBodyAccess })[TRANSPORT_BODY];
}

/** requestRaw's body: an async iterable that also hands over the transport's body. */
export interface TransportBodyHandle {
  [TRANSPORT_BODY]?: TransportBodyAccess;
}
