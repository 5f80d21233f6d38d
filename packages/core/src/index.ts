// Node entry: undici transport, file logging, file token store, config files (INI/JSON parsing).
// WebCrypto on Node 18 comes from node:crypto: the Node build swaps platform/webcrypto.ts for its .node twin.
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
export { applyEnv, parseConfigText } from './config/parse.js';
export { createLogger } from './logging/node.js';
export * from './shared.js';

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
