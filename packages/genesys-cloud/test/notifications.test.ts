// Notifications against the sandbox: presence round trip (PATCH presence → event), iterator form, reconnect after
// an injected stream drop (same channel, topics re-subscribed), and a new channel when the channel expires.
import { type Sandbox, startSandbox } from '@skyport/sandbox';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { patchUserPresence } from '../src/generated/api/presence';
import { getUsersMe } from '../src/generated/api/users';
import {
  createClient,
  type GenesysClient,
  type NotificationEvent,
  type NotificationStatus,
  NotificationsError,
} from '../src/index';
import { until } from './helpers';

let sandbox: Sandbox;
let gc: GenesysClient | undefined;
beforeAll(async () => {
  sandbox = await startSandbox({ seed: 9, notificationHeartbeatMs: 200 });
});
afterAll(() => sandbox.close());
afterEach(async () => {
  await gc?.close();
  gc = undefined;
});

function client(statuses: NotificationStatus[] = [], s = sandbox): GenesysClient {
  gc = createClient({
    apiUrl: s.genesys.apiUrl,
    loginUrl: s.genesys.loginUrl,
    auth: { type: 'clientCredentials', clientId: s.genesys.clientId, clientSecret: s.genesys.clientSecret },
    notifications: { reconnect: { minDelayMs: 20, maxDelayMs: 100 }, onStatus: (st) => statuses.push(st) },
  });
  return gc;
}

type Presence = { presenceDefinition?: { systemPresence?: string }; systemPresence?: string };
const systemPresence = (e: NotificationEvent<Presence>) =>
  e.eventBody.presenceDefinition?.systemPresence ?? e.eventBody.systemPresence;

async function setPresence(c: GenesysClient, userId: string, systemPresence: string) {
  await patchUserPresence(c, {
    userId,
    sourceId: 'purecloud',
    body: { presenceDefinition: { systemPresence } },
  });
}

describe('notifications', () => {
  it('presence round trip with a handler; heartbeats are seen and not delivered as events', async () => {
    sandbox.reset();
    const statuses: NotificationStatus[] = [];
    const c = client(statuses);
    const me = await getUsersMe(c);
    const topic = `v2.users.${me.id}.presence`;
    const events: NotificationEvent<Presence>[] = [];
    const sub = await c.notifications.subscribe<Presence>([topic], (e) => {
      events.push(e);
    });
    expect(sub.topics).toEqual([topic]);
    const subscribed = sandbox.requests().find((r) => r.method === 'PUT' && r.url.endsWith('/subscriptions'));
    expect(subscribed?.body).toEqual([{ id: topic }]);
    await setPresence(c, me.id as string, 'Away');
    await until(() => events.length === 1, 5000, 'presence event');
    expect(events[0]?.topicName).toBe(topic);
    expect(systemPresence(events[0] as NotificationEvent<Presence>)).toBe('Away');
    await until(() => statuses.some((s) => s.type === 'heartbeat'), 5000, 'heartbeat');
    expect(events).toHaveLength(1);
    expect(statuses[0]).toMatchObject({ type: 'connected', reconnect: false });
    await sub.unsubscribe();
  });

  it('async iterator form: for await over a subscription, break unsubscribes', async () => {
    sandbox.reset();
    const c = client();
    const me = await getUsersMe(c);
    const sub = await c.notifications.subscribe<Presence>([`v2.users.${me.id}.presence`]);
    await setPresence(c, me.id as string, 'Busy');
    await setPresence(c, me.id as string, 'Available');
    const seen: string[] = [];
    for await (const e of sub) {
      seen.push(systemPresence(e) as string);
      if (seen.length === 2) break;
    }
    expect(seen).toEqual(['Busy', 'Available']);
  });

  it('reconnects after an injected drop, re-subscribes every topic and keeps delivering', async () => {
    sandbox.reset();
    const statuses: NotificationStatus[] = [];
    const c = client(statuses);
    const me = await getUsersMe(c);
    const users = (await c.request<{ entities: { id: string }[] }>({ method: 'GET', path: '/api/v2/users' }))
      .entities;
    const other = users.find((u) => u.id !== me.id)?.id as string;
    const topics = [`v2.users.${me.id}.presence`, `v2.users.${other}.presence`];
    const events: NotificationEvent<Presence>[] = [];
    // The first socket is cut by the server after its first frame (an event or a heartbeat).
    sandbox.faults.add({
      kind: 'stream-drop',
      route: 'GET /notifications/channels/*',
      afterEvents: 1,
      count: 1,
    });
    await c.notifications.subscribe<Presence>(topics, (e) => {
      events.push(e);
    });
    const channel = c.notifications.channelId;
    await until(() => statuses.some((s) => s.type === 'connected' && s.reconnect), 5000, 'reconnect');
    expect(statuses.some((s) => s.type === 'disconnected' && s.willReconnect)).toBe(true);
    expect(c.notifications.channelId).toBe(channel); // the channel was still valid: reused
    const puts = sandbox.requests().filter((r) => r.method === 'PUT' && r.url.endsWith('/subscriptions'));
    expect(puts.at(-1)?.body).toEqual(topics.map((id) => ({ id })));
    await setPresence(c, me.id as string, 'Meal');
    await setPresence(c, other, 'Training');
    await until(() => events.length >= 2, 5000, 'events after reconnect');
    expect(events.map((e) => systemPresence(e)).sort()).toEqual(['Meal', 'Training']);
  });

  it('an expiring channel is replaced by a new one without losing the subscriptions', async () => {
    const short = await startSandbox({
      seed: 9,
      notificationHeartbeatMs: 5000,
      notificationChannelTtlMs: 400,
    });
    try {
      const statuses: NotificationStatus[] = [];
      const c = client(statuses, short);
      const me = await getUsersMe(c);
      const events: NotificationEvent<Presence>[] = [];
      await c.notifications.subscribe<Presence>([`v2.users.${me.id}.presence`], (e) => {
        events.push(e);
      });
      const first = c.notifications.channelId;
      await until(() => statuses.some((s) => s.type === 'expiring'), 5000, 'expiry notice');
      await until(() => c.notifications.channelId !== first, 5000, 'new channel');
      await setPresence(c, me.id as string, 'Away');
      await until(() => events.length >= 1, 5000, 'event on the new channel');
      expect(systemPresence(events[0] as NotificationEvent<Presence>)).toBe('Away');
      await c.close();
      gc = undefined;
    } finally {
      await short.close();
    }
  });

  it('with reconnect off, a lost socket ends iterators with NotificationsError; a throwing handler does not stop others', async () => {
    sandbox.reset();
    const statuses: NotificationStatus[] = [];
    gc = createClient({
      apiUrl: sandbox.genesys.apiUrl,
      loginUrl: sandbox.genesys.loginUrl,
      auth: {
        type: 'clientCredentials',
        clientId: sandbox.genesys.clientId,
        clientSecret: sandbox.genesys.clientSecret,
      },
      notifications: { reconnect: false, onStatus: (st) => statuses.push(st) },
    });
    const c = gc;
    const me = await getUsersMe(c);
    const topic = `v2.users.${me.id}.presence`;
    const got: string[] = [];
    await c.notifications.subscribe([topic], () => {
      throw new Error('handler bug');
    });
    await c.notifications.subscribe<Presence>([topic], (e) => {
      got.push(systemPresence(e) as string);
    });
    const iterated = await c.notifications.subscribe<Presence>([topic]);
    await setPresence(c, me.id as string, 'Away');
    await until(() => got.length === 1, 5000, 'event despite the throwing handler');
    expect(statuses.some((s) => s.type === 'error' && s.error.message === 'handler bug')).toBe(true);
    const it = iterated[Symbol.asyncIterator]();
    expect(systemPresence((await it.next()).value as NotificationEvent<Presence>)).toBe('Away');
    // Cut the socket from the server side: the next frame is the last.
    sandbox.faults.add({
      kind: 'stream-drop',
      route: 'GET /notifications/channels/*',
      afterEvents: 1,
      count: 1,
    });
    await c.notifications.close();
    const again = await c.notifications.subscribe<Presence>([topic]);
    const err = await again[Symbol.asyncIterator]()
      .next()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotificationsError);
    expect((err as Error).message).toMatch(/^notifications lost: /);
  });

  it('bad topics are refused before any request', async () => {
    sandbox.reset();
    const c = client();
    await expect(c.notifications.subscribe([])).rejects.toThrow(/non-empty array/);
    await expect(c.notifications.subscribe(['a b'])).rejects.toThrow(
      'topics[0] must be a topic name without spaces',
    );
    expect(sandbox.requests()).toHaveLength(0);
  });
});
