// Node entry: undici transport, file logging, file token store, config files.
import { webcrypto } from 'node:crypto';
import { useCrypto } from './auth/pkce.js';
import { HttpClientBase } from './client/http-client.js';
import type { HttpClientOptions } from './client/types.js';
import { nodePlatform } from './platform/node.js';
import {
  type EventStreamHandle,
  type EventStreamOptions,
  openEventStreamWith,
  type SseEvent,
  type SseIteratorOptions,
  sseIteratorWith,
} from './streaming/sse.js';

export { FileTokenStore } from './auth/file-store.js';
export {
  defaultConfigPath,
  type LoadConfigOptions,
  loadConfig,
  type UseConfigFileOptions,
  useConfigFile,
  type WatchConfigOptions,
  watchConfig,
} from './config/file.js';
export { createLogger } from './logging/node.js';
export * from './shared.js';

// Node 18 has WebCrypto only as node:crypto's webcrypto; later versions also have the global.
useCrypto(webcrypto as Crypto);

export { createTransport } from './transport/node.js';

/** HTTP client for Node (undici transport). */
export class HttpClient extends HttpClientBase {
  constructor(options: HttpClientOptions) {
    super(options, nodePlatform);
  }
}

const clientFor = (url: string) => new HttpClient({ baseUrl: new URL(url).origin });

export function openEventStream(o: EventStreamOptions): EventStreamHandle {
  return openEventStreamWith(o, clientFor);
}

export function sseIterator(o: SseIteratorOptions): AsyncIterableIterator<SseEvent> {
  return sseIteratorWith(o, clientFor);
}
