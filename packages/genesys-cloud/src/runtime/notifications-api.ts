// `client.notifications` as clients expose it, and what creating one checks up front.
import { ConfigError } from '@skyport/core';
import type { NotificationHandler, Notifications, NotificationsOptions, Subscription } from './notifications';

/** `client.notifications`: the implementation loads on first use. */
export interface NotificationsApi {
  subscribe<T = unknown>(
    topics: readonly string[],
    handler?: NotificationHandler<T>,
  ): Promise<Subscription<T>>;
  close(): Promise<void>;
  /** The current channel id (undefined before the first subscription). */
  readonly channelId: string | undefined;
}

/** Notifications created on first use by `load` (which may load the WebSocket implementation, or the module). */
export function lazyNotifications(load: () => Promise<Notifications>): NotificationsApi {
  let instance: Notifications | undefined;
  let loading: Promise<Notifications> | undefined;
  const get = () => {
    loading ??= load().then((n) => {
      instance = n;
      return n;
    });
    return loading;
  };
  return {
    subscribe: async (topics, handler) => (await get()).subscribe(topics, handler),
    close: async () => {
      if (loading) await (await loading).close();
    },
    get channelId() {
      return instance?.channelId;
    },
  };
}

export function checkNotificationOptions(o: NotificationsOptions | undefined): void {
  if (o?.idleTimeoutMs !== undefined && !(o.idleTimeoutMs >= 0)) {
    throw new ConfigError('notifications.idleTimeoutMs must be a non-negative number');
  }
}
