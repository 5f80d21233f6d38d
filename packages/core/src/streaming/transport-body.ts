// The hand-over of a raw response's body (HttpClientBase.requestRaw) to a reader that consumes the transport's
// body directly instead of through the async iterator requestRaw returns: requestRaw puts its attempt under this
// key. A body without it (another client, another copy of core) is read through the iterator.
export const TRANSPORT_BODY: unique symbol = Symbol();

export interface TransportBodyAccess {
  /** The transport's answer; its body is the transport's own (undici's Readable in Node). */
  res: { body: AsyncIterable<Uint8Array> | null };
  /** Turns a failure while reading into the client's error (NetworkError, TimeoutError, AbortError). */
  mapError(err: unknown): unknown;
  /** Ends the attempt (its timer and abort listener): call once when reading ends, however it ends. */
  finish(): void;
}

/** requestRaw's body: an async iterable that also hands over the transport's body. */
export interface TransportBodyHandle {
  [TRANSPORT_BODY]?: TransportBodyAccess;
}

export const transportBodyOf = (body: AsyncIterable<Uint8Array>): TransportBodyAccess | undefined =>
  (body as TransportBodyHandle)[TRANSPORT_BODY];
