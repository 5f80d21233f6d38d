import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { type WebSocket, WebSocketServer } from 'ws';
import type { SandboxContext } from '../context.js';
import { randomId } from '../random.js';
import { sendGenesysError } from './errors.js';

interface Channel {
  id: string;
  expires: number;
  topics: Set<string>;
  sockets: Set<WebSocket>;
}

export interface NotificationOptions {
  /** Interval of `channel.metadata` heartbeats in ms (default 30000). */
  heartbeatMs: number;
  /** Channel lifetime in ms (default 24 h). */
  channelTtlMs: number;
}

const PATH = /^\/notifications\/channels\/([^/?]+)$/;

/** Notification channels (REST under /api/v2/notifications) and their WebSockets (/notifications/channels/<id>). */
export class NotificationHub {
  private channels = new Map<string, Channel>();
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });

  constructor(
    private readonly ctx: SandboxContext,
    private readonly options: NotificationOptions,
  ) {}

  /** Sends an event to every socket of every channel subscribed to `topicName`. */
  publish(topicName: string, eventBody: unknown): void {
    for (const channel of this.channels.values()) {
      if (!channel.topics.has(topicName)) continue;
      for (const socket of channel.sockets) this.send(socket, topicName, eventBody);
    }
  }

  private send(socket: WebSocket, topicName: string, eventBody: unknown) {
    const s = socket as WebSocket & { dropAfter?: number; sent?: number };
    s.send(
      JSON.stringify({
        topicName,
        version: '2',
        eventBody,
        metadata: { CorrelationId: randomId(this.ctx.random) },
      }),
    );
    s.sent = (s.sent ?? 0) + 1;
    if (s.dropAfter !== undefined && s.sent >= s.dropAfter) s.terminate();
  }

  reset(): void {
    for (const c of this.channels.values()) for (const s of c.sockets) s.terminate();
    this.channels = new Map();
  }

  close(): void {
    this.reset();
    this.wss.close();
  }

  /** Handles an HTTP upgrade; returns false when the path is not a notification channel. */
  upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const m = PATH.exec(request.url ?? '');
    if (!m) return false;
    const channel = this.channels.get(m[1] as string);
    if (!channel || channel.expires <= this.ctx.now()) {
      socket.end('HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
      return true;
    }
    this.wss.handleUpgrade(request, socket, head, (ws) => {
      const drop = this.ctx.faults.take('stream-drop', 'GET', request.url ?? '');
      if (drop) Object.assign(ws, { dropAfter: drop.afterEvents ?? 0 });
      if (drop && !drop.afterEvents) {
        ws.terminate();
        return;
      }
      channel.sockets.add(ws);
      const heartbeat = setInterval(
        () => this.send(ws, 'channel.metadata', { message: 'WebSocket Heartbeat' }),
        this.options.heartbeatMs,
      );
      const expiry = setTimeout(
        () => {
          this.send(ws, 'v2.system.socket_closing', { message: 'channel expired' });
          ws.close(1000, 'channel expired');
        },
        Math.max(0, Math.min(channel.expires - this.ctx.now(), 2 ** 31 - 1)),
      );
      ws.on('message', (data) => {
        let parsed: unknown;
        try {
          parsed = JSON.parse(String(data));
        } catch {
          return;
        }
        if ((parsed as { message?: unknown })?.message === 'ping')
          this.send(ws, 'channel.metadata', { message: 'pong' });
      });
      ws.on('close', () => {
        clearInterval(heartbeat);
        clearTimeout(expiry);
        channel.sockets.delete(ws);
      });
    });
    return true;
  }

  register(app: FastifyInstance): void {
    const view = (c: Channel, host: string) => ({
      id: c.id,
      connectUri: `ws://${host}/notifications/channels/${c.id}`,
      expires: new Date(c.expires).toISOString(),
    });
    app.post('/api/v2/notifications/channels', async (request, reply) => {
      const channel: Channel = {
        id: randomId(this.ctx.random),
        expires: this.ctx.now() + this.options.channelTtlMs,
        topics: new Set(),
        sockets: new Set(),
      };
      this.channels.set(channel.id, channel);
      return reply.send(view(channel, request.headers.host ?? 'localhost'));
    });
    app.get('/api/v2/notifications/channels', async (request, reply) =>
      reply.send({
        entities: [...this.channels.values()]
          .filter((c) => c.expires > this.ctx.now())
          .map((c) => view(c, request.headers.host ?? 'localhost')),
      }),
    );

    type P = { Params: { channelId: string } };
    const topicsOf = (body: unknown): string[] | string => {
      if (!Array.isArray(body)) return 'body must be an array of {id} topics';
      const out: string[] = [];
      for (const [i, t] of body.entries()) {
        const id = (t as { id?: unknown })?.id;
        if (typeof id !== 'string' || id.length === 0) return `body[${i}].id must be a non-empty topic name`;
        out.push(id);
      }
      return out;
    };
    const listing = (c: Channel) => ({ entities: [...c.topics].map((id) => ({ id })) });
    const subscribe =
      (replace: boolean) =>
      async (request: import('fastify').FastifyRequest<P>, reply: import('fastify').FastifyReply) => {
        const channel = this.channels.get(request.params.channelId);
        if (!channel)
          return sendGenesysError(reply, 404, 'not.found', `channel ${request.params.channelId} not found`);
        const topics = topicsOf(request.body);
        if (typeof topics === 'string') return sendGenesysError(reply, 400, 'bad.request', topics);
        if (replace) channel.topics.clear();
        for (const t of topics) channel.topics.add(t);
        return reply.send(listing(channel));
      };
    app.put<P>('/api/v2/notifications/channels/:channelId/subscriptions', subscribe(true));
    app.post<P>('/api/v2/notifications/channels/:channelId/subscriptions', subscribe(false));
    app.get<P>('/api/v2/notifications/channels/:channelId/subscriptions', async (request, reply) => {
      const channel = this.channels.get(request.params.channelId);
      if (!channel)
        return sendGenesysError(reply, 404, 'not.found', `channel ${request.params.channelId} not found`);
      return reply.send(listing(channel));
    });
    app.delete<P>('/api/v2/notifications/channels/:channelId/subscriptions', async (request, reply) => {
      const channel = this.channels.get(request.params.channelId);
      if (!channel)
        return sendGenesysError(reply, 404, 'not.found', `channel ${request.params.channelId} not found`);
      channel.topics.clear();
      return reply.code(204).send();
    });
  }
}
