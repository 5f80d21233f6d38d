// @skyport/genesys-cloud/modular (Node): the modular client on undici (through @skyport/core); notifications on
// `ws`, loaded on first subscribe.
import { HttpClient } from '@skyport/core';
import { createModularClient, type ModularClient, type ModularClientOptions } from './runtime/modular';
import type { NotificationsOptions, WebSocketFactory, WebSocketLike } from './runtime/notifications';
import {
  checkNotificationOptions,
  lazyNotifications,
  type NotificationsApi,
} from './runtime/notifications-api';

export * from './modular-shared';

/** A Genesys Cloud client with the sign-in given as `auth` (see the README's modular section). */
export function createClient(options: ModularClientOptions = {}): ModularClient {
  return createModularClient((o) => new HttpClient(o), options);
}

/** Notifications of a modular client (topics, handlers or async iteration, reconnects), on `ws`. */
export function createNotifications(
  client: ModularClient,
  options: NotificationsOptions & { webSocket?: WebSocketFactory } = {},
): NotificationsApi {
  const { webSocket, ...rest } = options;
  checkNotificationOptions(rest);
  return lazyNotifications(async () => {
    const [{ Notifications }, factory] = await Promise.all([
      import('./runtime/notifications'),
      webSocket ??
        import('ws').then(
          ({ default: WebSocket }) =>
            (url: string) =>
              new WebSocket(url) as unknown as WebSocketLike,
        ),
    ]);
    return new Notifications(client.http, factory, rest);
  });
}
