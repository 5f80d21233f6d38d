import { type EventStreamHandle, type HttpClientBase, openEventStreamWith } from '@skyport/core';
import { particleError } from './agent.js';
import { Emitter } from './emitter.js';
import { type ParticleEvent, parseParticleEvent } from './event-data.js';

export { type ParticleEvent, parseParticleEvent };

export interface StreamTuning {
  /** Reconnect when nothing (not even a keep-alive) arrives for this long. Default 60 000 ms. */
  heartbeatTimeoutMs?: number;
  /** First reconnect delay; doubles up to maxDelayMs. Default 1000 / 30 000 ms. */
  initialDelayMs?: number;
  maxDelayMs?: number;
}

/**
 * particle-api-js's EventStream: emits `event` for every event, `error`, `disconnect`, `reconnect`,
 * `reconnect-success` and `reconnect-error`; `abort()` ends it. Reconnects with backoff and resumes with
 * Last-Event-ID, so events are neither lost nor repeated across a drop.
 */
export class EventStream extends Emitter {
  #handle: EventStreamHandle | undefined;
  #reconnecting = false;
  #opened = false;

  constructor(
    readonly uri: string,
    readonly token: string,
    private readonly tuning: StreamTuning = {},
    private readonly client: HttpClientBase,
  ) {
    super();
  }

  /** Opens the stream; resolves once the server accepted it, rejects on the first failure. */
  connect(): Promise<this> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = {};
      if (this.token) headers.Authorization = `Bearer ${this.token}`;
      const client = this.client;
      this.#handle = openEventStreamWith(
        {
          client,
          url: this.uri,
          headers,
          heartbeatTimeoutMs: this.tuning.heartbeatTimeoutMs ?? 60_000,
          reconnect: {
            initialDelayMs: this.tuning.initialDelayMs ?? 1000,
            maxDelayMs: this.tuning.maxDelayMs ?? 30_000,
          },
          onOpen: () => {
            if (!this.#opened) {
              this.#opened = true;
              resolve(this);
            } else if (this.#reconnecting) {
              this.#reconnecting = false;
              this.emit('reconnect-success');
            }
          },
          onEvent: (e) => {
            const ev = parseParticleEvent(e);
            if (!ev) return;
            try {
              this.emit('event', ev);
            } catch (err) {
              this.emit('error', err);
            }
          },
          onError: (err, { willReconnect }) => {
            if (!this.#opened) {
              this.#handle?.close();
              reject(particleError(err, 'GET', this.uri));
              return;
            }
            if (!willReconnect) {
              // The stream ended for good (e.g. the token was revoked): never silent.
              this.emit('error', particleError(err, 'GET', this.uri));
              this.emit('end');
            } else if (this.#reconnecting) {
              this.emit('reconnect-error', err);
            } else {
              this.#reconnecting = true;
              this.emit('disconnect', err);
            }
          },
          onReconnect: (info) => {
            if (!this.#reconnecting) {
              // The server ended the response cleanly.
              this.#reconnecting = true;
              this.emit('disconnect');
            }
            this.emit('reconnect', info);
          },
        },
        () => client,
      );
    });
  }

  /** Id of the last event received (used to resume). */
  get lastEventId(): string | undefined {
    return this.#handle?.lastEventId;
  }

  /** Closes the stream for good and removes all listeners. */
  abort(): void {
    this.#handle?.close();
    this.removeAllListeners();
  }
}
