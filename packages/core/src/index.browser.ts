// Browser/worker entry: global fetch, console/function logging. Nothing from node:* or undici.
import { HttpClientBase } from './client/http-client.js';
import type { HttpClientOptions } from './client/types.js';
import { createBaseLogger } from './logging/logger.js';
import { browserPlatform } from './platform/browser.js';
import {
  type EventStreamHandle,
  type EventStreamOptions,
  openEventStreamWith,
  type SseEvent,
  type SseIteratorOptions,
  sseIteratorWith,
} from './streaming/sse.js';
import { createFetchTransport } from './transport/fetch.js';

export * from './shared.js';

export const createTransport = createFetchTransport;
export const createLogger = createBaseLogger;

/** HTTP client on global fetch. */
export class HttpClient extends HttpClientBase {
  constructor(options: HttpClientOptions) {
    super(options, browserPlatform);
  }
}

const clientFor = (url: string) => new HttpClient({ baseUrl: new URL(url).origin });

export function openEventStream(o: EventStreamOptions): EventStreamHandle {
  return openEventStreamWith(o, clientFor);
}

export function sseIterator(o: SseIteratorOptions): AsyncIterableIterator<SseEvent> {
  return sseIteratorWith(o, clientFor);
}
