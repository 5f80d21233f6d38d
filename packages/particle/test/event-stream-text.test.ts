// EventStream on the wire (through the built Node entry of @skyport/core, whose body reader is
// node:string_decoder): bulk delivery with nothing lost, repeated or altered; characters cut across chunks;
// CRLF framing and comments; a throwing listener.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Particle, type ParticleEvent } from '../src/index.js';

type Plan = (res: ServerResponse) => void;

async function streamServer(plan: Plan) {
  const open: ServerResponse[] = [];
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.socket?.setNoDelay(true);
    open.push(res);
    plan(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanups.push(
    () =>
      new Promise<void>((r) => {
        for (const res of open) res.destroy();
        server.closeAllConnections();
        server.close(() => r());
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

/** Writes the pieces one by one with a pause between, so the client reads each as its own chunk. */
function paced(pieces: Buffer[], ms = 15): Plan {
  return (res) => {
    let i = 0;
    const next = () => {
      if (i < pieces.length && !res.destroyed) {
        res.write(pieces[i++]);
        setTimeout(next, ms);
      }
    };
    next();
  };
}

const cloud = (data: string, ttl = 60) =>
  JSON.stringify({ data, ttl, published_at: '2026-11-23T00:00:00.000Z', coreid: 'e00fce68' });

/** What particle-api-js emits for a message: JSON.parse of its data, plus `name`. */
const reference = (name: string, data: string) => Object.assign(JSON.parse(data), { name });

const collect = async (url: string, count: number) => {
  const stream = await new Particle({ baseUrl: url }).getEventStream({ auth: 't' });
  const got: ParticleEvent[] = [];
  await new Promise<void>((resolve) => {
    stream.on('event', (e: ParticleEvent) => {
      got.push(e);
      if (got.length === count) resolve();
    });
  });
  stream.abort();
  return got;
};

describe('EventStream delivery', () => {
  it('delivers 20,000 events written in large chunks, in order, each as JSON.parse + name', async () => {
    // Mostly the cloud's plain shape (fast path); every 7th has an escape, every 11th a multi-byte character.
    const messages: Array<{ name: string; data: string }> = [];
    for (let i = 0; i < 20_000; i++) {
      const value = i % 7 === 0 ? `q\\"${i}\\"` : i % 11 === 0 ? `€${i}😀` : String(i);
      const data = i % 7 === 0 ? cloud('').replace('"data":""', `"data":"${value}"`) : cloud(value, i % 300);
      messages.push({ name: i % 13 === 0 ? 'température' : 'temp', data });
    }
    const wire = Buffer.from(
      `:ok\n\n${messages.map((m, i) => `id: ${i + 1}\nevent: ${m.name}\ndata: ${m.data}\n\n`).join('')}`,
    );
    // Cut at fixed sizes (not at event or character boundaries), written back to back.
    const pieces: Buffer[] = [];
    for (let o = 0; o < wire.length; o += 50_001) pieces.push(wire.subarray(o, o + 50_001));
    const url = await streamServer((res) => {
      for (const p of pieces) res.write(p);
    });
    const got = await collect(url, messages.length);
    expect(got).toHaveLength(messages.length);
    for (let i = 0; i < messages.length; i++) {
      const want = reference(messages[i]!.name, messages[i]!.data);
      expect(got[i], `event ${i + 1}`).toStrictEqual(want);
      expect(Object.keys(got[i]!)).toEqual(Object.keys(want));
    }
  });

  it('keeps characters cut across chunks whole, in data and in event names, with CRLF framing and comments', async () => {
    const b = (...parts: Array<string | number[]>) =>
      Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));
    const d1 = cloud('😀 é');
    const url = await streamServer(
      paced([
        b(':ok\r\n\r\nid: 1\r\nevent: caf', [0xc3]),
        b([0xa9], '\r\ndata: ', d1.slice(0, 9), [0xf0, 0x9f, 0x98]),
        b([0x80], d1.slice(9 + 2), '\r'),
        b('\n\r\n: keep-alive\r\n\r\nid: 2\r\nevent: 温', [0xe5, 0xba]),
        b([0xa6], '\r\ndata: ', cloud('ü'), '\r\n\r\n'),
      ]),
    );
    const got = await collect(url, 2);
    expect(got).toStrictEqual([reference('café', d1), reference('温度', cloud('ü'))]);
    expect(got[0]!.data).toBe('😀 é');
  });
});

describe('EventStream listeners', () => {
  it('a throwing listener is reported as an error event and the stream goes on', async () => {
    const wire = [1, 2, 3, 4].map((i) => `id: ${i}\nevent: t\ndata: ${cloud(String(i))}\n\n`);
    const url = await streamServer(
      paced(
        wire.map((w) => Buffer.from(w)),
        5,
      ),
    );
    const stream = await new Particle({ baseUrl: url }).getEventStream({ auth: 't' });
    const got: string[] = [];
    const errors: unknown[] = [];
    stream.on('error', (err: unknown) => errors.push(err));
    await new Promise<void>((resolve) => {
      stream.on('event', (e: ParticleEvent) => {
        got.push(e.data);
        if (e.data === '2') throw new Error('listener bug');
        if (e.data === '4') resolve();
      });
    });
    stream.abort();
    expect(got).toEqual(['1', '2', '3', '4']);
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).message).toBe('listener bug');
  });

  it('every listener gets each event, and one added during an event starts with the next', async () => {
    const wire = [1, 2, 3].map((i) => `id: ${i}\nevent: t\ndata: ${cloud(String(i))}\n\n`);
    const url = await streamServer(
      paced(
        wire.map((w) => Buffer.from(w)),
        5,
      ),
    );
    const stream = await new Particle({ baseUrl: url }).getEventStream({ auth: 't' });
    const a: string[] = [];
    const b: string[] = [];
    const late: string[] = [];
    await new Promise<void>((resolve) => {
      stream.on('event', (e: ParticleEvent) => {
        a.push(e.data);
        if (e.data === '1') stream.on('event', (x: ParticleEvent) => late.push(x.data));
      });
      stream.on('event', (e: ParticleEvent) => {
        b.push(e.data);
        if (e.data === '3') resolve();
      });
    });
    stream.abort();
    expect(a).toEqual(['1', '2', '3']);
    expect(b).toEqual(['1', '2', '3']);
    expect(late).toEqual(['2', '3']);
  });
});
