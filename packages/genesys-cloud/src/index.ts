// @skyport/genesys-cloud (Node): the modern client, with undici (through @skyport/core) and `ws` for notifications (loaded on first subscribe).
import { HttpClient } from '@skyport/core';
import { type ClientOptions, createClientWith, type GenesysClient } from './runtime/client';
import type { WebSocketLike } from './runtime/notifications';

export { FileTokenStore } from '@skyport/core';
export * from './shared';

/** Creates a Genesys Cloud client (see the README for every option). */
export function createClient(options: ClientOptions = {}): GenesysClient {
  return createClientWith(
    {
      createHttp: (o) => new HttpClient(o),
      loadNotifications: async () => (await import('./runtime/notifications')).Notifications,
      loadWebSocket: async () => {
        const { default: WebSocket } = await import('ws');
        return (url) => new WebSocket(url) as unknown as WebSocketLike;
      },
    },
    options,
  );
}
