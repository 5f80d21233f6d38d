// Server-sent events over the client's transport, parsed by eventsource-parser, with reconnect
// (Last-Event-ID, backoff, server `retry:`), a heartbeat timeout and clean abort.
import { createParser } from 'eventsource-parser';
import type { HttpClientBase } from '../client/http-client.js';
import { AbortError, ApiError, TimeoutError, ValidationError } from '../errors/index.js';
import { sleep } from '../retry/sleep.js';
import { readBodyText } from './body-text.js';

export interface SseEvent {
  id?: string;
  event?: string;
  data: string;
}

export interface ReconnectOptions {
  /** Default 1000 ms (or the server's `retry:` value). */
  initialDelayMs?: number;
  /** Default 30000 ms. */
  maxDelayMs?: number;
  /** Consecutive failed attempts before giving up. Default unlimited. */
  maxAttempts?: number;
}

export interface EventStreamOptions {
  client?: HttpClientBase;
  /** Absolute URL, or a path on the client's API base. */
  url: string;
  headers?: Record<string, string>;
  lastEventId?: string;
  /** Reconnect when no bytes (events or comments) arrive for this long. Default none. */
  heartbeatTimeoutMs?: number;
  reconnect?: ReconnectOptions | false;
  signal?: AbortSignal;
  onEvent(e: SseEvent): void;
  onOpen?(info: { status: number; headers: Record<string, string> }): void;
  /** Every failure; `willReconnect` says whether another attempt follows. */
  onError?(err: unknown, info: { willReconnect: boolean }): void;
  onReconnect?(info: { attempt: number; delayMs: number; lastEventId?: string }): void;
  /** Called once when the stream ends for good (closed, aborted, or out of attempts). */
  onClose?(): void;
  /**
   * Flow control: called after each chunk's events were delivered. A returned promise holds reading (the
   * server is then slowed by TCP) until it settles; the heartbeat does not count that time as silence.
   */
  waitForConsumer?(): Promise<void> | undefined;
}

export interface EventStreamHandle {
  close(): void;
  readonly lastEventId: string | undefined;
  /** Resolves when the stream has ended for good. */
  readonly closed: Promise<void>;
}

/** Platform-specific default: a client for a bare absolute URL. */
export type ClientFactory = (url: string) => HttpClientBase;

/** Waits for `p` to settle, or for `signal` to abort, whichever comes first. */
function settledOrAborted(p: Promise<void>, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      signal.removeEventListener('abort', done);
      resolve();
    };
    if (signal.aborted) return done();
    signal.addEventListener('abort', done, { once: true });
    p.then(done, done);
  });
}

export function openEventStreamWith(o: EventStreamOptions, makeClient: ClientFactory): EventStreamHandle {
  if (!o || typeof o.onEvent !== 'function')
    throw new ValidationError('openEventStream needs an onEvent callback');
  if (typeof o.url !== 'string' || !o.url) throw new ValidationError('openEventStream needs a url');
  const client = o.client ?? makeClient(o.url);
  const reconnect = o.reconnect === false ? false : (o.reconnect ?? {});
  const controller = new AbortController();
  let lastEventId = o.lastEventId;
  let serverRetryMs: number | undefined;
  let closed = false;
  const onUserAbort = () => controller.abort(o.signal?.reason);
  if (o.signal?.aborted) controller.abort(o.signal.reason);
  o.signal?.addEventListener('abort', onUserAbort, { once: true });

  const connectOnce = async (): Promise<void> => {
    const attemptController = new AbortController();
    const stopAttempt = () => attemptController.abort(controller.signal.reason);
    controller.signal.addEventListener('abort', stopAttempt, { once: true });
    // One timer per attempt, not one per chunk: each chunk only stamps the time, and the timer, when it fires,
    // sleeps again for whatever is left. While the consumer holds reading back, silence is not the server's.
    const hbMs = o.heartbeatTimeoutMs ?? 0;
    let heartbeat: ReturnType<typeof setTimeout> | undefined;
    /** The heartbeat's verdict, once it has fired: the attempt is aborted with it, and it is what the attempt throws. */
    let silence: TimeoutError | undefined;
    let lastActivity = performance.now();
    let held = false;
    const check = () => {
      const idle = performance.now() - lastActivity;
      if (held || idle < hbMs) {
        heartbeat = setTimeout(check, held ? hbMs : hbMs - idle);
        return;
      }
      heartbeat = undefined;
      silence = new TimeoutError(`event stream heartbeat: no data for ${hbMs} ms`, hbMs);
      attemptController.abort(silence);
    };
    if (hbMs) heartbeat = setTimeout(check, hbMs);
    try {
      const res = await client.requestRaw({
        method: 'GET',
        path: o.url,
        headers: {
          accept: 'text/event-stream',
          'cache-control': 'no-cache',
          ...o.headers,
          ...(lastEventId ? { 'last-event-id': lastEventId } : {}),
        },
        responseType: 'stream',
        retry: false,
        signal: attemptController.signal,
      });
      lastActivity = performance.now();
      const ct = res.headers['content-type'] ?? '';
      if (!/^text\/event-stream/i.test(ct)) {
        throw new ValidationError(`expected text/event-stream, got ${ct || 'no content-type'}`);
      }
      o.onOpen?.({ status: res.status, headers: res.headers });
      attempts = 0;
      const onEvent = o.onEvent;
      // The parser only collects the events of a piece of text; they are handed on once it has read the piece
      // (below). The parser's loop then stays small, so V8 optimises it sooner than with every handler inlined
      // into it. Its own message objects are handed on (no copy per event); they have no other owner.
      const batch: SseEvent[] = [];
      const parser = createParser({
        onEvent(ev) {
          batch.push(ev);
        },
        onRetry(ms) {
          serverRetryMs = ms;
        },
      });
      const waitForConsumer = o.waitForConsumer;
      const signal = attemptController.signal;
      if (res.body)
        await readBodyText(
          res.body,
          (text) => {
            lastActivity = performance.now();
            parser.feed(text);
            for (const ev of batch.splice(0)) {
              if (ev.id !== undefined) lastEventId = ev.id;
              try {
                onEvent(ev);
              } catch (err) {
                // A throwing handler must not tear down the stream (later events would be lost).
                o.onError?.(err, { willReconnect: true });
              }
            }
            const hold = waitForConsumer?.();
            if (hold) {
              held = true;
              return settledOrAborted(hold, signal).then(() => {
                held = false;
                lastActivity = performance.now();
              });
            }
          },
          signal,
        );
    } catch (err) {
      // A heartbeat abort surfaces from the client as an AbortError (or the body's error): report the silence.
      throw silence ?? err;
    } finally {
      if (heartbeat) clearTimeout(heartbeat);
      controller.signal.removeEventListener('abort', stopAttempt);
      // Release the connection of an unread or unfinished body (a no-op when it ended normally).
      attemptController.abort(new AbortError('event stream attempt finished'));
    }
  };

  let attempts = 0;
  const run = async () => {
    for (;;) {
      if (controller.signal.aborted) return;
      let failure: unknown;
      try {
        await connectOnce();
        failure = undefined;
      } catch (err) {
        failure = err;
      }
      if (controller.signal.aborted) return;
      // A clean end without reconnect is the normal end of the stream.
      if (failure === undefined && !reconnect) return;
      attempts++;
      const fatal =
        failure instanceof ValidationError ||
        (failure instanceof ApiError &&
          failure.status >= 400 &&
          failure.status < 500 &&
          failure.status !== 429);
      const maxAttempts = reconnect ? (reconnect.maxAttempts ?? Infinity) : 0;
      const willReconnect = !!reconnect && !fatal && attempts <= maxAttempts;
      if (failure !== undefined) o.onError?.(failure, { willReconnect });
      if (!willReconnect || !reconnect) return;
      const base = serverRetryMs ?? reconnect.initialDelayMs ?? 1000;
      const cap = reconnect.maxDelayMs ?? 30_000;
      const delayMs = Math.min(cap, base * 2 ** (attempts - 1)); // attempts >= 1 here
      o.onReconnect?.({ attempt: attempts, delayMs, ...(lastEventId ? { lastEventId } : {}) });
      // Ends early (AbortError) when the stream is closed; the loop then sees the aborted signal and returns.
      await sleep(delayMs, controller.signal).catch(() => {});
    }
  };

  const finished = run()
    .catch((err) => o.onError?.(err, { willReconnect: false }))
    .finally(() => {
      closed = true;
      o.signal?.removeEventListener('abort', onUserAbort);
      // A client made just for this stream is ours to release.
      if (!o.client) void client.close().catch(() => {});
      o.onClose?.();
    });

  return {
    close() {
      if (!closed) controller.abort(new AbortError('event stream closed'));
    },
    get lastEventId() {
      return lastEventId;
    },
    closed: finished,
  };
}

export type SseIteratorOptions = Omit<EventStreamOptions, 'onEvent' | 'waitForConsumer'> & {
  /**
   * Events buffered for a slow consumer before reading pauses (TCP then slows the server). Default 1000.
   */
  highWaterMark?: number;
};

/**
 * The same stream as an async iterator. Ends when the stream ends for good; throws the final error if it
 * ended by failure; `break` closes the connection. Memory stays bounded: when the consumer falls
 * `highWaterMark` events behind, reading pauses until it has taken half of them.
 */
export function sseIteratorWith(
  o: SseIteratorOptions,
  makeClient: ClientFactory,
): AsyncIterableIterator<SseEvent> {
  const highWaterMark = o.highWaterMark ?? 1000;
  if (!(Number.isInteger(highWaterMark) && highWaterMark > 0))
    throw new ValidationError(`highWaterMark must be a positive integer (got ${o.highWaterMark})`);
  // A FIFO as an array and a read index: no O(n) shift per event.
  let queue: SseEvent[] = [];
  let head = 0;
  let waiting: (() => void) | undefined;
  let ended = false;
  let finalError: unknown;
  let resume: (() => void) | undefined;
  const wake = () => {
    const w = waiting;
    waiting = undefined;
    w?.();
  };
  const release = () => {
    const r = resume;
    resume = undefined;
    r?.();
  };
  const { highWaterMark: _hwm, ...streamOptions } = o;
  const handle = openEventStreamWith(
    {
      ...streamOptions,
      onEvent(e) {
        queue.push(e);
        if (waiting) wake();
      },
      waitForConsumer() {
        if (queue.length - head < highWaterMark) return undefined;
        return new Promise<void>((r) => {
          resume = r;
        });
      },
      onError(err, info) {
        o.onError?.(err, info);
        if (!info.willReconnect && !(err instanceof AbortError)) finalError = err;
      },
      onClose() {
        ended = true;
        release();
        o.onClose?.();
        wake();
      },
    },
    makeClient,
  );
  const take = (): SseEvent | undefined => {
    if (head >= queue.length) return undefined;
    const e = queue[head++];
    if (head === queue.length) {
      queue = [];
      head = 0;
    } else if (head >= 1024 && head * 2 >= queue.length) {
      queue = queue.slice(head);
      head = 0;
    }
    if (resume && queue.length - head <= highWaterMark >> 1) release();
    return e;
  };
  const it: AsyncIterableIterator<SseEvent> = {
    async next() {
      for (;;) {
        const e = take();
        if (e) return { value: e, done: false };
        if (ended) {
          if (finalError !== undefined) {
            const err = finalError;
            finalError = undefined;
            throw err;
          }
          return { value: undefined, done: true };
        }
        await new Promise<void>((resolve) => {
          waiting = resolve;
        });
      }
    },
    async return() {
      handle.close();
      release();
      await handle.closed;
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]() {
      return it;
    },
  };
  return it;
}
