// @skyport/genesys-cloud (browsers): the modern client over fetch, with the native WebSocket for notifications.
// `logger` takes a ready Logger (core's createLogger) here; logger options throw a ConfigError naming that fix.
import { HttpClientBase } from '@skyport/core';
import { browserHttpPlatform } from './runtime/browser-platform';
import { type ClientOptions, createClientWith, type GenesysClient } from './runtime/client';
import { Notifications, type WebSocketLike } from './runtime/notifications';

export * from './shared';

/** Creates a Genesys Cloud client (see the README for every option). */
export function createClient(options: ClientOptions = {}): GenesysClient {
  const NativeWebSocket = (globalThis as { WebSocket?: new (url: string) => WebSocketLike }).WebSocket;
  return createClientWith(
    {
      createHttp: (o) => new HttpClientBase(o, browserHttpPlatform),
      loadNotifications: async () => Notifications,
      ...(NativeWebSocket ? { webSocket: (url: string) => new NativeWebSocket(url) } : {}),
    },
    options,
  );
}
