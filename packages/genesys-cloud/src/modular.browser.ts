// @skyport/genesys-cloud/modular (browsers): the modular client over fetch; notifications on the native WebSocket
// only when createNotifications is imported.
import { HttpClientCore, type KernelPlatform } from '@skyport/core';
import { modularHttpPlatform } from './runtime/browser-platform';
import { createModularClient, type ModularClient, type ModularClientOptions } from './runtime/modular';
import {
  Notifications,
  type NotificationsOptions,
  type WebSocketFactory,
  type WebSocketLike,
} from './runtime/notifications';
import { checkNotificationOptions, type NotificationsApi } from './runtime/notifications-api';

export * from './modular-shared';

/** A Genesys Cloud client with the sign-in given as `auth` (see the README's modular section). */
export function createClient(options: ModularClientOptions = {}): ModularClient {
  return createModularClient(
    (o, stages) => new HttpClientCore(o, { ...modularHttpPlatform, ...stages } as KernelPlatform),
    options,
  );
}

/** Notifications of a modular client (topics, handlers or async iteration, reconnects), on the native WebSocket. */
export function createNotifications(
  client: ModularClient,
  options: NotificationsOptions & { webSocket?: WebSocketFactory } = {},
): NotificationsApi {
  const { webSocket, ...rest } = options;
  checkNotificationOptions(rest);
  const NativeWebSocket = (globalThis as { WebSocket?: new (url: string) => WebSocketLike }).WebSocket;
  return new Notifications(
    client.http,
    webSocket ?? (NativeWebSocket ? (url) => new NativeWebSocket(url) : undefined),
    rest,
  );
}
