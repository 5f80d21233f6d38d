import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../context.js';
import type { ParticleEvent, ParticleState } from './state.js';

/** Which events one SSE subscriber receives. */
export interface EventFilter {
  /** Event name prefix ('' for all). */
  prefix: string;
  /** User the stream is opened for. */
  userId: string;
  /** 'all' = public events and the user's own; 'mine' = the user's devices; otherwise narrowed further. */
  scope: 'all' | 'mine' | 'device' | 'product' | 'org';
  deviceId?: string;
  productId?: number;
  /** For `org`: the organization's products when the stream opened. */
  productIds?: number[];
}

interface Subscriber {
  filter: EventFilter;
  send(e: ParticleEvent): void;
}

export function matches(f: EventFilter, e: ParticleEvent): boolean {
  if (!e.name.startsWith(f.prefix)) return false;
  switch (f.scope) {
    case 'all':
      return !e.isPrivate || e.ownerId === f.userId;
    case 'mine':
      return e.ownerId === f.userId && e.productId === null;
    case 'device':
      return e.coreid === f.deviceId && e.ownerId === f.userId;
    case 'product':
      return e.productId === f.productId;
    case 'org':
      return e.productId !== null && (f.productIds ?? []).includes(e.productId);
  }
}

/** Publishes events to live subscribers and keeps a bounded replay buffer for Last-Event-ID resume. */
export class EventBus {
  private readonly subscribers = new Set<Subscriber>();
  private readonly buffer: ParticleEvent[] = [];
  private readonly streams = new Set<FastifyReply>();
  private readonly listeners = new Set<(e: ParticleEvent) => void>();

  constructor(
    private readonly getState: () => ParticleState,
    private readonly ctx: SandboxContext,
    private readonly replaySize: number,
    private readonly heartbeatMs: number,
  ) {}

  publish(input: Omit<ParticleEvent, 'id' | 'published_at'>): ParticleEvent {
    const state = this.getState();
    const event: ParticleEvent = {
      ...input,
      id: state.nextEventId++,
      published_at: new Date(this.ctx.now()).toISOString(),
    };
    this.buffer.push(event);
    if (this.buffer.length > this.replaySize) this.buffer.shift();
    for (const s of [...this.subscribers]) if (matches(s.filter, event)) s.send(event);
    for (const l of this.listeners) l(event);
    return event;
  }

  /** Calls `listener` for every published event (webhook delivery, logic triggers); survives `clear()`. */
  onPublish(listener: (e: ParticleEvent) => void): void {
    this.listeners.add(listener);
  }

  /**
   * Serves one SSE stream: `:ok` first, replay after Last-Event-ID, live events, heartbeats, injected drops.
   * A drop ends the response after the fault's `afterEvents` events, so everything written before it arrives.
   */
  stream(request: FastifyRequest, reply: FastifyReply, filter: EventFilter): void {
    const drop = this.ctx.faults.take('stream-drop', request.method, request.url);
    const dropAfter = drop ? (drop.afterEvents ?? 0) : Number.POSITIVE_INFINITY;
    let sent = 0;
    reply.hijack();
    const res = reply.raw;
    // A hijacked reply skips Fastify's header pipeline: carry over what hooks set (CORS for browser pages).
    res.writeHead(200, {
      ...(reply.getHeaders() as Record<string, string | string[]>),
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    res.write(':ok\n\n');
    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      this.subscribers.delete(sub);
      this.streams.delete(reply);
    };
    const write = (e: ParticleEvent) => {
      if (closed) return;
      if (sent >= dropAfter) {
        close();
        res.end();
        return;
      }
      const data = JSON.stringify({
        data: e.data,
        ttl: e.ttl,
        published_at: e.published_at,
        coreid: e.coreid,
      });
      res.write(`id: ${e.id}\nevent: ${e.name}\ndata: ${data}\n\n`);
      sent++;
      if (sent >= dropAfter) {
        close();
        res.end();
      }
    };
    const sub: Subscriber = { filter, send: write };
    const heartbeat = setInterval(() => res.write(':\n\n'), this.heartbeatMs);
    heartbeat.unref();
    res.on('close', close);
    this.streams.add(reply);
    if (dropAfter === 0) {
      close();
      res.end();
      return;
    }
    const lastRaw = request.headers['last-event-id'];
    const last = typeof lastRaw === 'string' ? Number.parseInt(lastRaw, 10) : Number.NaN;
    if (Number.isFinite(last)) {
      for (const e of this.buffer) if (e.id > last && matches(filter, e)) write(e);
    }
    if (!closed) this.subscribers.add(sub);
  }

  /** Ends every open stream and forgets the buffer. */
  clear(): void {
    for (const r of this.streams) r.raw.destroy();
    this.streams.clear();
    this.subscribers.clear();
    this.buffer.length = 0;
  }
}
