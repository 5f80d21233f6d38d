// createClient's client: the base client (./base-client.ts) with `client.auth` for every grant (GenesysAuth) and
// `client.notifications`, whose implementation loads on first use.
import { gatewayUrls, type HttpClientBase, type HttpClientOptions } from '@skyport/core';
import { GenesysAuth } from './auth';
import type { AuthOptions } from './auth-options';
import { type BaseClient, type BaseClientOptions, createBaseClient } from './base-client';
import { REGION_DOMAINS } from './environment';
import type { Notifications, NotificationsOptions, WebSocketFactory } from './notifications';
import { checkNotificationOptions, lazyNotifications, type NotificationsApi } from './notifications-api';
import { checkUnknownOptions } from './request';

export type { NotificationsApi } from './notifications-api';

export interface ClientOptions extends BaseClientOptions {
  auth?: AuthOptions;
  notifications?: NotificationsOptions;
  /** WebSocket used by notifications; the Node entry passes `ws`, the browser entry the native WebSocket. */
  webSocket?: WebSocketFactory;
}

export interface GenesysClient extends BaseClient<GenesysAuth> {
  readonly notifications: NotificationsApi;
  /** Closes notification sockets and the HTTP connection pool. */
  close(): Promise<void>;
}

/** What differs between entries: the HTTP client class, the notifications module and the WebSocket. */
export interface ClientPlatformHooks {
  createHttp(options: HttpClientOptions): HttpClientBase;
  /**
   * The Notifications class, on first subscribe. Node loads its module then (import() keeps start-up cheap); the
   * browser entry imports it: an import() in a browser bundle without code splitting lands in the bundle anyway and
   * makes esbuild wrap every module it shares with the app, which keeps code tree-shaking would drop.
   */
  loadNotifications(): Promise<typeof Notifications>;
  webSocket?: WebSocketFactory;
  /** Loads the WebSocket implementation on first use (Node: `ws`), so importing the client stays cheap. */
  loadWebSocket?: () => Promise<WebSocketFactory>;
}

export function createClientWith(platform: ClientPlatformHooks, options: ClientOptions = {}): GenesysClient {
  const base = createBaseClient(
    (o) => platform.createHttp(o),
    options,
    (http, env) => new GenesysAuth(options.auth, http, env.loginUrl),
    { gatewayUrls, checkOptions: checkUnknownOptions, regions: REGION_DOMAINS },
  );
  const { notifications: notificationOptions, webSocket } = options;
  checkNotificationOptions(notificationOptions);
  const notifications = lazyNotifications(async () => {
    const [NotificationsClass, loaded] = await Promise.all([
      platform.loadNotifications(),
      webSocket ? undefined : platform.loadWebSocket?.(),
    ]);
    return new NotificationsClass(base.http, webSocket ?? loaded ?? platform.webSocket, notificationOptions);
  });
  const closeHttp = base.close;
  return {
    ...base,
    notifications,
    async close() {
      await notifications.close();
      await closeHttp();
    },
  };
}
