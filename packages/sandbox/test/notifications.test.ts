import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type Sandbox, startSandbox } from '../src/index.js';

let sb: Sandbox;
let tok: string;
beforeAll(async () => {
  sb = await startSandbox({ notificationHeartbeatMs: 100 });
  const res = await fetch(`${sb.genesys.loginUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `grant_type=client_credentials&client_id=${sb.genesys.clientId}&client_secret=${sb.genesys.clientSecret}`,
  });
  tok = ((await res.json()) as { access_token: string }).access_token;
});
afterAll(() => sb.close());

const api = (method: string, path: string, body?: unknown) =>
  fetch(`${sb.url}/api/v2${path}`, {
    method,
    headers: {
      authorization: `Bearer ${tok}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });

interface Event {
  topicName: string;
  eventBody: Record<string, unknown>;
  metadata?: Record<string, unknown>;
}

function connect(uri: string) {
  const ws = new WebSocket(uri);
  const events: Event[] = [];
  const waiters: (() => void)[] = [];
  ws.on('message', (d) => {
    events.push(JSON.parse(String(d)) as Event);
    for (const w of waiters.splice(0)) w();
  });
  const next = async (pred: (e: Event) => boolean): Promise<Event> => {
    for (;;) {
      const hit = events.find(pred);
      if (hit) return hit;
      await new Promise<void>((r) => waiters.push(r));
    }
  };
  const closed = new Promise<void>((r) => ws.on('close', () => r()));
  return { ws, next, closed, opened: new Promise((r, j) => ws.once('open', r).once('error', j)) };
}

describe('notifications', () => {
  it('delivers presence changes, heartbeats and pong over the channel WebSocket', async () => {
    const channel = (await (await api('POST', '/notifications/channels')).json()) as {
      id: string;
      connectUri: string;
    };
    expect(channel.connectUri).toBe(`ws://${new URL(sb.url).host}/notifications/channels/${channel.id}`);
    const me = sb.state.genesys.meUserId;
    const topic = `v2.users.${me}.presence`;
    const sub = await api('PUT', `/notifications/channels/${channel.id}/subscriptions`, [{ id: topic }]);
    expect(await sub.json()).toEqual({ entities: [{ id: topic }] });

    const c = connect(channel.connectUri);
    await c.opened;
    const hb = await c.next((e) => e.topicName === 'channel.metadata');
    expect(hb.eventBody).toEqual({ message: 'WebSocket Heartbeat' });

    const patch = await api('PATCH', `/users/${me}/presences/purecloud`, {
      presenceDefinition: { systemPresence: 'Busy' },
    });
    expect(patch.status).toBe(200);
    const ev = await c.next((e) => e.topicName === topic);
    expect(ev.eventBody).toMatchObject({
      source: 'purecloud',
      presenceDefinition: { systemPresence: 'Busy' },
    });
    const meBody = (await (await api('GET', '/users/me?expand=presence')).json()) as {
      presence: { presenceDefinition: { systemPresence: string } };
    };
    expect(meBody.presence.presenceDefinition.systemPresence).toBe('Busy');

    c.ws.send(JSON.stringify({ message: 'ping' }));
    await c.next((e) => e.eventBody.message === 'pong');
    c.ws.close();
    await c.closed;
  });

  it('rejects bad subscriptions naming the element, and unknown channels', async () => {
    const channel = (await (await api('POST', '/notifications/channels')).json()) as {
      id: string;
      connectUri: string;
    };
    const bad = await api('POST', `/notifications/channels/${channel.id}/subscriptions`, [
      { id: 'a' },
      { nope: 1 },
    ]);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toContain('body[1].id');
    expect((await api('GET', '/notifications/channels/missing/subscriptions')).status).toBe(404);
    const ws = new WebSocket(channel.connectUri.replace(channel.id, 'missing'));
    await expect(new Promise((r, j) => ws.once('open', r).once('error', j))).rejects.toThrow(/404/);
  });

  it('drops the socket after N events when a stream-drop fault is set', async () => {
    const channel = (await (await api('POST', '/notifications/channels')).json()) as {
      id: string;
      connectUri: string;
    };
    sb.faults.add({ kind: 'stream-drop', route: '/notifications/channels/*', afterEvents: 2, count: 1 });
    const c = connect(channel.connectUri);
    await c.opened;
    await c.closed;
    expect(c.ws.readyState).toBe(WebSocket.CLOSED);
  });
});
