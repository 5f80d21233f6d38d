import { sseIteratorWith } from '@skyport/core';
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

/** Publishing and streaming events. */
export const eventMethods = {
  getEventStream(this: ParticleBase, o: EventStreamOptions): Promise<EventStream> {
    const token = o.auth || this._activeAuth() || '';
    // particle-api-js adds a cache-busting `nonce` (performance.now()) to the stream URL.
    const uri = `${eventsUri(this.baseUrl, o)}?nonce=${typeof performance !== 'undefined' ? performance.now() : 0}`;
    return new EventStream(uri, token, o, this.httpClient).connect();
  },
  /** Async iterator over events; ends on `break` or when `signal` aborts. Reconnects and resumes. */
  async *events(
    this: ParticleBase,
    o: EventStreamOptions & { signal?: AbortSignal },
  ): AsyncGenerator<ParticleEvent, void, undefined> {
    const token = o.auth || this._activeAuth();
    const client = this.httpClient;
    const it = sseIteratorWith(
      {
        client,
        url: eventsUri(this.baseUrl, o),
        headers: token ? { Authorization: `Bearer ${token}` } : {},
        signal: o.signal,
        heartbeatTimeoutMs: o.heartbeatTimeoutMs ?? 60_000,
        reconnect: { initialDelayMs: o.initialDelayMs ?? 1000, maxDelayMs: o.maxDelayMs ?? 30_000 },
      } as Parameters<typeof sseIteratorWith>[0],
      () => client,
    );
    try {
      for await (const e of it) {
        const ev = parseParticleEvent(e);
        if (ev) yield ev;
      }
    } finally {
      await it.return?.();
    }
  },
  publishEvent(
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
  },
};
