import { type SseEvent, sseIteratorWith } from '@skyport/core';
import type { ParticleBase } from '../base.js';
import { EventStream, type ParticleEvent, parseParticleEvent, type StreamTuning } from '../event-stream.js';
import type { BaseOptions } from '../types.js';

export interface EventStreamOptions extends StreamTuning {
  deviceId?: string;
  name?: string;
  org?: string;
  product?: string | number;
  auth?: string;
}

function eventsUri(base: string, { deviceId, name, org, product }: EventStreamOptions): string {
  let uri = '/v1/';
  if (org) uri += `orgs/${org}/`;
  if (product) uri += `products/${product}/`;
  if (deviceId) {
    uri += 'devices/';
    if (deviceId.toLowerCase() !== 'mine') uri += `${deviceId}/`;
  }
  uri += 'events';
  if (name) uri += `/${encodeURIComponent(name)}`;
  return `${base}${uri}`;
}

/** What `events()` returns: an async iterator whose `return()` closes the stream. */
export interface ParticleEventIterator extends AsyncIterableIterator<ParticleEvent> {
  return(value?: unknown): Promise<IteratorReturnResult<undefined>>;
  [Symbol.asyncIterator](): ParticleEventIterator;
}

export function getEventStream(this: ParticleBase, o: EventStreamOptions): Promise<EventStream> {
  const token = o.auth || this._activeAuth() || '';
  // particle-api-js adds a cache-busting `nonce` (performance.now()) to the stream URL.
  const uri = `${eventsUri(this.baseUrl, o)}?nonce=${typeof performance !== 'undefined' ? performance.now() : 0}`;
  return new EventStream(uri, token, o, this.httpClient).connect();
}

/**
 * Async iterator over events; ends on `break` or when `signal` aborts. Reconnects and resumes. Reading
 * pauses while `highWaterMark` events (default 1000) wait for the loop, so memory stays flat.
 */
export function events(
  this: ParticleBase,
  o: EventStreamOptions & { signal?: AbortSignal; highWaterMark?: number },
): ParticleEventIterator {
  const token = o.auth || this._activeAuth();
  const client = this.httpClient;
  const open = () =>
    sseIteratorWith(
      {
        client,
        url: eventsUri(this.baseUrl, o),
        headers: token ? { Authorization: `Bearer ${token}` } : {},
        ...(o.signal ? { signal: o.signal } : {}),
        ...(o.highWaterMark !== undefined ? { highWaterMark: o.highWaterMark } : {}),
        heartbeatTimeoutMs: o.heartbeatTimeoutMs ?? 60_000,
        reconnect: { initialDelayMs: o.initialDelayMs ?? 1000, maxDelayMs: o.maxDelayMs ?? 30_000 },
      },
      () => client,
    );
  // Connects on the first next(), so an iterator that is never read holds no connection.
  let it: AsyncIterableIterator<SseEvent> | undefined;
  let finished = false;
  // A mapping iterator, not an async generator around the core one: one promise per event, not three.
  const mapped: ParticleEventIterator = {
    async next() {
      if (finished) return { value: undefined, done: true };
      it ??= open();
      for (;;) {
        const r = await it.next();
        if (r.done) return { value: undefined, done: true };
        const ev = parseParticleEvent(r.value);
        if (ev) return { value: ev, done: false };
      }
    },
    async return() {
      finished = true;
      await it?.return?.();
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]() {
      return mapped;
    },
  };
  return mapped;
}

export function publishEvent(
  this: ParticleBase,
  {
    name,
    data,
    isPrivate,
    product,
    auth,
    headers,
    context,
  }: BaseOptions & { name: string; data?: string; isPrivate?: boolean; product?: string | number },
) {
  const uri = product ? `/v1/products/${product}/events` : '/v1/devices/events';
  return this.post({ uri, auth, headers, data: { name, data, private: isPrivate }, context });
}

/** Publishing and streaming events. */
export const eventMethods = {
  getEventStream,
  events,
  publishEvent,
};
