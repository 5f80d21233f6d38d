// Notifications: one channel per client, its WebSocket, topic subscriptions, heartbeats, expiry and reconnects.
// The WebSocket class comes from the entry point (Node: `ws`; browsers: the native one).
import { ConfigError, type RequestOptions, ValidationError } from '@skyport/core';
import { NotificationsError } from './errors';

/** The part of the WebSocket API we use; both `ws` and browsers' WebSocket have it. */
export interface WebSocketLike {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}
export type WebSocketFactory = (url: string) => WebSocketLike;

export interface NotificationEvent<T = unknown> {
  topicName: string;
  version?: string;
  eventBody: T;
  metadata?: Record<string, unknown>;
}

export type NotificationStatus =
  | { type: 'connected'; channelId: string; reconnect: boolean }
  | { type: 'disconnected'; channelId: string; code?: number; reason: string; willReconnect: boolean }
  | { type: 'heartbeat'; channelId: string }
  | { type: 'expiring'; channelId: string }
  | { type: 'error'; error: Error };

export interface NotificationsOptions {
  /** Reconnect after an unexpected close: backoff from minDelayMs doubling to maxDelayMs; `false` to give up at once. */
  reconnect?: { minDelayMs?: number; maxDelayMs?: number; maxAttempts?: number } | false;
  /**
   * Silence after which we send `{"message":"ping"}`; if nothing answers within half as long again the socket is
   * treated as dead and replaced. Genesys sends a heartbeat every 30 s. Default 75000 ms; 0 disables.
   */
  idleTimeoutMs?: number;
  /** Connection changes, heartbeats and handler errors. */
  onStatus?: (status: NotificationStatus) => void;
}

export type NotificationHandler<T = unknown> = (event: NotificationEvent<T>) => void | Promise<void>;

export interface Subscription<T = unknown> extends AsyncIterable<NotificationEvent<T>> {
  readonly topics: readonly string[];
  /** Removes this subscription's topics (those no other subscription uses) from the channel. */
  unsubscribe(): Promise<void>;
}

interface Channel {
  id: string;
  connectUri: string;
  expires?: number;
}

interface Requester {
  request<T>(req: RequestOptions): Promise<T>;
}

/** Genesys allows 1000 topics per channel. */
const MAX_TOPICS = 1000;

interface Entry {
  topics: Set<string>;
  handler: NotificationHandler;
  fail?: (err: Error) => void;
}

export class Notifications {
  readonly #entries = new Set<Entry>();
  #channel: Channel | undefined;
  #socket: WebSocketLike | undefined;
  #subscribed = new Set<string>();
  #queue: Promise<unknown> = Promise.resolve();
  #reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  #idleTimer: ReturnType<typeof setTimeout> | undefined;
  #attempts = 0;
  #closed = false;
  readonly #options: NotificationsOptions;

  readonly #http: Requester;
  readonly #openSocket: WebSocketFactory | undefined;

  constructor(http: Requester, openSocket: WebSocketFactory | undefined, options: NotificationsOptions = {}) {
    this.#http = http;
    this.#openSocket = openSocket;
    this.#options = options;
    if (options.idleTimeoutMs !== undefined && !(options.idleTimeoutMs >= 0)) {
      throw new ConfigError('notifications.idleTimeoutMs must be a non-negative number');
    }
  }

  /** The current channel id (undefined before the first subscription). */
  get channelId(): string | undefined {
    return this.#channel?.id;
  }

  /**
   * Subscribes to topics (e.g. `v2.users.<id>.presence`). With a handler, events go to it; without one, iterate the
   * returned subscription (`for await (const e of sub)`); events are buffered until read.
   */
  async subscribe<T = unknown>(
    topics: readonly string[],
    handler?: NotificationHandler<T>,
  ): Promise<Subscription<T>> {
    if (!Array.isArray(topics) || topics.length === 0) {
      throw new ValidationError('notifications.subscribe: topics must be a non-empty array of topic names');
    }
    for (const [i, t] of topics.entries()) {
      if (typeof t !== 'string' || !/^\S+$/.test(t)) {
        throw new ValidationError(
          `notifications.subscribe: topics[${i}] must be a topic name without spaces`,
        );
      }
    }
    if (handler !== undefined && typeof handler !== 'function') {
      throw new ValidationError('notifications.subscribe: handler must be a function');
    }
    const wanted = new Set([...this.#allTopics(), ...topics]);
    if (wanted.size > MAX_TOPICS) {
      throw new ValidationError(
        `notifications.subscribe: a channel holds at most ${MAX_TOPICS} topics (would be ${wanted.size})`,
      );
    }
    this.#closed = false;
    const buffer: NotificationEvent<T>[] = [];
    const waiters: Array<{
      resolve: (r: IteratorResult<NotificationEvent<T>>) => void;
      reject: (e: Error) => void;
    }> = [];
    let failure: Error | undefined;
    let done = false;
    const entry: Entry = {
      topics: new Set(topics),
      handler: (handler ??
        ((e: NotificationEvent<T>) => {
          const w = waiters.shift();
          if (w) w.resolve({ value: e, done: false });
          else buffer.push(e);
        })) as NotificationHandler,
      fail: (err) => {
        failure = err;
        for (const w of waiters.splice(0)) w.reject(err);
      },
    };
    this.#entries.add(entry);
    try {
      await this.#serial(() => this.#sync());
    } catch (err) {
      this.#entries.delete(entry);
      throw err;
    }
    const unsubscribe = async () => {
      if (done) return;
      done = true;
      for (const w of waiters.splice(0)) w.resolve({ value: undefined, done: true });
      this.#entries.delete(entry);
      await this.#serial(() => (this.#entries.size === 0 ? this.#shutdown(true) : this.#sync()));
    };
    const iterator: AsyncIterableIterator<NotificationEvent<T>> = {
      next: () => {
        const value = buffer.shift();
        if (value) return Promise.resolve({ value, done: false });
        if (failure) return Promise.reject(failure);
        if (done) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve, reject) => waiters.push({ resolve, reject }));
      },
      return: async () => {
        await unsubscribe();
        return { value: undefined, done: true };
      },
      [Symbol.asyncIterator]() {
        return iterator;
      },
    };
    return { topics: [...topics], unsubscribe, [Symbol.asyncIterator]: () => iterator };
  }

  /** Closes the socket and drops every subscription (the channel expires on its own). */
  async close(): Promise<void> {
    this.#entries.clear();
    await this.#serial(() => this.#shutdown(false));
  }

  #allTopics(): Set<string> {
    const all = new Set<string>();
    for (const e of this.#entries) for (const t of e.topics) all.add(t);
    return all;
  }

  /** Runs channel operations one at a time. */
  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(fn, fn);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  #status(s: NotificationStatus): void {
    try {
      this.#options.onStatus?.(s);
    } catch {
      // a status listener's error must not break the connection
    }
  }

  /** Makes the channel, the socket and the server's topic list match what the subscriptions want. */
  async #sync(): Promise<void> {
    if (!this.#socket) await this.#connect(false);
    const wanted = this.#allTopics();
    const same = wanted.size === this.#subscribed.size && [...wanted].every((t) => this.#subscribed.has(t));
    if (!same) await this.#putTopics(wanted);
  }

  async #putTopics(topics: Set<string>): Promise<void> {
    const channel = this.#channel;
    if (!channel) return;
    await this.#http.request({
      method: 'PUT',
      path: '/api/v2/notifications/channels/{channelId}/subscriptions',
      pathParams: { channelId: channel.id },
      body: [...topics].map((id) => ({ id })),
    });
    this.#subscribed = new Set(topics);
  }

  async #createChannel(): Promise<Channel> {
    const c = await this.#http.request<{ id?: string; connectUri?: string; expires?: string }>({
      method: 'POST',
      path: '/api/v2/notifications/channels',
    });
    if (!c || typeof c.id !== 'string' || typeof c.connectUri !== 'string') {
      throw new NotificationsError('POST /api/v2/notifications/channels answered without id and connectUri');
    }
    const expires = c.expires ? Date.parse(c.expires) : Number.NaN;
    return { id: c.id, connectUri: c.connectUri, ...(Number.isFinite(expires) ? { expires } : {}) };
  }

  /** Connects, reusing the channel when it is still valid, and re-subscribes the full topic list. */
  async #connect(reconnect: boolean): Promise<void> {
    if (!this.#openSocket) {
      throw new ConfigError(
        'notifications need a WebSocket implementation (pass createClient({ webSocket }))',
      );
    }
    let channel = this.#channel;
    const fresh = channel && (channel.expires === undefined || channel.expires - Date.now() > 60_000);
    let socket: WebSocketLike | undefined;
    if (channel && fresh) {
      socket = await this.#open(channel).catch(() => undefined);
    }
    if (!socket) {
      channel = await this.#createChannel();
      socket = await this.#open(channel);
    }
    this.#channel = channel;
    this.#socket = socket;
    this.#attach(channel as Channel, socket);
    // A new channel has no topics; a reused one is re-subscribed anyway (the list is the client's truth).
    this.#subscribed = new Set();
    const topics = this.#allTopics();
    if (topics.size > 0) await this.#putTopics(topics);
    this.#attempts = 0;
    this.#status({ type: 'connected', channelId: (channel as Channel).id, reconnect });
  }

  #open(channel: Channel): Promise<WebSocketLike> {
    const factory = this.#openSocket as WebSocketFactory;
    return new Promise((resolve, reject) => {
      let ws: WebSocketLike;
      try {
        ws = factory(channel.connectUri);
      } catch (err) {
        reject(err);
        return;
      }
      const timer = setTimeout(() => {
        ws.onopen = ws.onerror = ws.onclose = null;
        ws.close();
        reject(new NotificationsError(`timed out connecting to ${channel.connectUri}`));
      }, 30_000);
      ws.onopen = () => {
        clearTimeout(timer);
        resolve(ws);
      };
      ws.onerror = () => undefined;
      ws.onclose = (ev) => {
        clearTimeout(timer);
        reject(new NotificationsError(`could not connect to ${channel.connectUri} (close code ${ev?.code})`));
      };
    });
  }

  #attach(channel: Channel, ws: WebSocketLike): void {
    this.#armIdle(ws);
    ws.onmessage = (ev) => {
      this.#armIdle(ws);
      this.#onMessage(channel, ws, ev.data);
    };
    ws.onerror = () => undefined; // a close always follows
    ws.onclose = (ev) => {
      if (this.#socket !== ws) return; // replaced on purpose
      this.#lost(channel, ev?.code, ev?.reason || 'socket closed');
    };
  }

  #armIdle(ws: WebSocketLike): void {
    clearTimeout(this.#idleTimer);
    const idle = this.#options.idleTimeoutMs ?? 75_000;
    if (idle === 0 || this.#socket !== ws) return;
    this.#idleTimer = setTimeout(() => {
      try {
        ws.send(JSON.stringify({ message: 'ping' }));
      } catch {
        // the close handler reconnects
      }
      this.#idleTimer = setTimeout(() => {
        if (this.#socket !== ws || !this.#channel) return;
        const channel = this.#channel;
        ws.onclose = ws.onmessage = null;
        terminate(ws);
        this.#lost(channel, undefined, `no heartbeat or pong for ${Math.round(idle * 1.5)} ms`);
      }, idle / 2);
    }, idle);
  }

  #onMessage(channel: Channel, ws: WebSocketLike, data: unknown): void {
    let event: NotificationEvent;
    try {
      event = JSON.parse(typeof data === 'string' ? data : String(data)) as NotificationEvent;
    } catch {
      this.#status({ type: 'error', error: new NotificationsError('notification frame is not JSON') });
      return;
    }
    if (!event || typeof event.topicName !== 'string') return;
    if (event.topicName === 'channel.metadata') {
      this.#status({ type: 'heartbeat', channelId: channel.id });
      return;
    }
    if (event.topicName === 'v2.system.socket_closing') {
      this.#status({ type: 'expiring', channelId: channel.id });
      void this.#serial(() => this.#replace(ws)).catch((err) =>
        this.#lost(channel, undefined, errorText(err)),
      );
      return;
    }
    for (const entry of this.#entries) {
      if (!entry.topics.has(event.topicName)) continue;
      try {
        const r = entry.handler(event);
        if (r && typeof (r as Promise<void>).then === 'function') {
          (r as Promise<void>).catch((err) => this.#status({ type: 'error', error: asError(err) }));
        }
      } catch (err) {
        this.#status({ type: 'error', error: asError(err) });
      }
    }
  }

  /** The server is closing the channel: open a new one first, then let the old socket go. */
  async #replace(old: WebSocketLike): Promise<void> {
    if (this.#socket !== old || this.#entries.size === 0) return;
    const channel = await this.#createChannel();
    const ws = await this.#open(channel);
    // Until the new socket is ours, events still arriving on the old one are delivered.
    this.#channel = channel;
    this.#socket = ws;
    this.#attach(channel, ws);
    this.#subscribed = new Set();
    await this.#putTopics(this.#allTopics());
    old.onclose = null;
    old.close(1000, 'replaced by a new channel');
    this.#status({ type: 'connected', channelId: channel.id, reconnect: true });
  }

  #lost(channel: Channel, code: number | undefined, reason: string): void {
    if (this.#socket) this.#socket = undefined;
    clearTimeout(this.#idleTimer);
    const r = this.#options.reconnect;
    const max = r === false ? 0 : (r?.maxAttempts ?? Number.POSITIVE_INFINITY);
    const willReconnect = !this.#closed && this.#entries.size > 0 && this.#attempts < max;
    this.#status({
      type: 'disconnected',
      channelId: channel.id,
      ...(code !== undefined ? { code } : {}),
      reason,
      willReconnect,
    });
    if (!willReconnect) {
      if (!this.#closed && this.#entries.size > 0)
        this.#fail(new NotificationsError(`notifications lost: ${reason}`));
      return;
    }
    const min = (r ? r.minDelayMs : undefined) ?? 500;
    const maxDelay = (r ? r.maxDelayMs : undefined) ?? 30_000;
    const delay = Math.min(maxDelay, min * 2 ** this.#attempts) * (0.5 + Math.random() / 2);
    this.#attempts++;
    clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = setTimeout(() => {
      void this.#serial(async () => {
        if (this.#closed || this.#socket || this.#entries.size === 0) return;
        await this.#connect(true);
      }).catch((err) => {
        this.#status({ type: 'error', error: asError(err) });
        this.#lost(channel, undefined, errorText(err));
      });
    }, delay);
  }

  #fail(err: Error): void {
    this.#status({ type: 'error', error: err });
    for (const e of this.#entries) e.fail?.(err);
    this.#entries.clear();
  }

  async #shutdown(keepOpen: boolean): Promise<void> {
    clearTimeout(this.#reconnectTimer);
    clearTimeout(this.#idleTimer);
    const ws = this.#socket;
    this.#socket = undefined;
    this.#subscribed = new Set();
    if (ws) {
      ws.onclose = ws.onmessage = null;
      ws.close(1000, 'unsubscribed');
    }
    // keepOpen: the channel may be reused by a later subscribe.
    if (!keepOpen) this.#closed = true;
  }
}

function terminate(ws: WebSocketLike): void {
  const t = (ws as { terminate?: () => void }).terminate;
  if (typeof t === 'function') t.call(ws);
  else ws.close();
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
