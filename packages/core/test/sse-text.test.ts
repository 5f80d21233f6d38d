// Text of an event stream's body: both builds' readers (body-text.ts: TextDecoder, browsers; body-text.node.ts:
// node:string_decoder, the Node build) must give the same text for any cut of the bytes into chunks, and
// openEventStream must give the same events from the source (browser reader) and the built Node entry.
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SseEvent } from '../src/index.js';
import * as source from '../src/index.js';
import { readBodyText as readBrowser } from '../src/streaming/body-text.js';
import { readBodyText as readNode } from '../src/streaming/body-text.node.js';
import { PushedBody } from '../src/streaming/pushed-body.js';
import { TRANSPORT_BODY } from '../src/streaming/transport-body.js';
import { startServer, type TestServer } from './helpers/server.js';

const enc = new TextEncoder();
const bytes = (...parts: Array<string | number[]>) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

async function* pieces(chunks: Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const c of chunks) yield c;
}

async function readAll(read: typeof readNode, chunks: Uint8Array[]): Promise<string[]> {
  const texts: string[] = [];
  await read(pieces(chunks), (t) => void texts.push(t), new AbortController().signal);
  return texts;
}

const readers = [
  ['TextDecoder (browser build)', readBrowser],
  ['StringDecoder (Node build)', readNode],
] as const;

// é is two bytes, € three, 😀 four (a surrogate pair in JS).
const SAMPLE = 'id: 1\nevent: café\ndata: {"data":"€ 😀 ü"}\n\n';

describe.each(readers)('readBodyText with %s', (_name, read) => {
  it('gives the same text for every cut of the bytes into two and three chunks', async () => {
    const all = enc.encode(SAMPLE);
    for (let i = 0; i <= all.length; i++) {
      expect((await readAll(read, [all.subarray(0, i), all.subarray(i)])).join(''), `cut at ${i}`).toBe(
        SAMPLE,
      );
      const j = Math.min(all.length, i + 1 + (i % 3));
      const three = [all.subarray(0, i), all.subarray(i, j), all.subarray(j)];
      expect((await readAll(read, three)).join(''), `cuts at ${i}, ${j}`).toBe(SAMPLE);
    }
  });

  it('gives the same text when the body comes one byte at a time', async () => {
    const all = enc.encode(SAMPLE);
    const one = Array.from(all, (b) => Uint8Array.of(b));
    expect((await readAll(read, one)).join('')).toBe(SAMPLE);
  });

  it('never hands on a broken half of a character', async () => {
    const all = enc.encode('😀😀😀');
    const texts = await readAll(read, [all.subarray(0, 5), all.subarray(5, 9), all.subarray(9)]);
    // Each piece is whole characters: no U+FFFD, no lone surrogate.
    for (const t of texts) expect(t).not.toMatch(/\uFFFD|[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    expect(texts.join('')).toBe('😀😀😀');
  });

  it('drops a leading byte-order mark, even one cut in two, but keeps a later one', async () => {
    const body = bytes([0xef, 0xbb, 0xbf], 'data: a\uFEFF\n\n');
    expect((await readAll(read, [body])).join('')).toBe('data: a\uFEFF\n\n');
    expect((await readAll(read, [body.subarray(0, 1), body.subarray(1)])).join('')).toBe('data: a\uFEFF\n\n');
    expect((await readAll(read, [enc.encode('data: b\n\n')])).join('')).toBe('data: b\n\n');
  });

  it('holds reading while the handler’s promise is pending, and stops when the signal aborts meanwhile', async () => {
    const seen: string[] = [];
    let release!: () => void;
    const ctl = new AbortController();
    let pulled = 0;
    async function* body() {
      for (const s of ['a', 'b', 'c']) {
        pulled++;
        yield enc.encode(s);
      }
    }
    const done = read(
      body(),
      (t) => {
        seen.push(t);
        if (t !== 'a') return undefined;
        return new Promise<void>((r) => {
          release = r;
        });
      },
      ctl.signal,
    );
    await new Promise((r) => setTimeout(r, 20));
    expect(seen).toEqual(['a']);
    expect(pulled).toBe(1);
    ctl.abort();
    release();
    await done;
    expect(seen).toEqual(['a']);
  });

  it('rejects with the body’s own error', async () => {
    async function* failing() {
      yield enc.encode('data: a\n\n');
      throw new Error('connection reset');
    }
    await expect(read(failing(), () => undefined, new AbortController().signal)).rejects.toThrow(
      'connection reset',
    );
  });
});

/**
 * `chunks` as the Node transport's event-stream body (a PushedBody handed over under TRANSPORT_BODY): pushed one
 * by one after reading starts, then finished (with `failure`, if given).
 */
function pushed(chunks: Uint8Array[], failure?: Error): AsyncIterable<Uint8Array> {
  const body = new PushedBody(
    () => {},
    () => {},
  );
  setTimeout(() => {
    for (const c of chunks) body.push(c);
    body.finish(failure);
  }, 1);
  return {
    [Symbol.asyncIterator]: () => body[Symbol.asyncIterator](),
    [TRANSPORT_BODY]: { res: { body }, mapError: (err: unknown) => err, finish() {} },
  } as AsyncIterable<Uint8Array>;
}

async function readPushedAll(chunks: Uint8Array[]): Promise<string[]> {
  const texts: string[] = [];
  await readNode(pushed(chunks), (t) => void texts.push(t), new AbortController().signal);
  return texts;
}

describe('readBodyText (Node build) with the event-stream body of the Node transport', () => {
  it('gives the same text for every cut of the bytes into two and three chunks', async () => {
    const all = enc.encode(SAMPLE);
    for (let i = 0; i <= all.length; i++) {
      const two = await readPushedAll([all.subarray(0, i), all.subarray(i)]);
      expect(two.join(''), `cut at ${i}`).toBe(SAMPLE);
      const j = Math.min(all.length, i + 1 + (i % 3));
      const three = await readPushedAll([all.subarray(0, i), all.subarray(i, j), all.subarray(j)]);
      expect(three.join(''), `cuts at ${i}, ${j}`).toBe(SAMPLE);
    }
  });

  it('one byte at a time, CRLF and bare-CR framing, a byte-order mark, and an unterminated last line', async () => {
    const one = Array.from(enc.encode(SAMPLE), (b) => Uint8Array.of(b));
    expect((await readPushedAll(one)).join('')).toBe(SAMPLE);
    const crlf = 'id: 1\r\ndata: é\r\n\r\nid: 2\rdata: ß\r\rdata: open';
    const body = bytes([0xef, 0xbb, 0xbf], crlf);
    for (let i = 0; i <= body.length; i++)
      expect((await readPushedAll([body.subarray(0, i), body.subarray(i)])).join(''), `cut at ${i}`).toBe(
        crlf,
      );
  });

  it('holds reading while the handler’s promise is pending, and stops when the signal aborts meanwhile', async () => {
    const run = async (abort: boolean) => {
      const seen: string[] = [];
      let release!: () => void;
      const ctl = new AbortController();
      const done = readNode(
        pushed(['data: a\n\n', 'data: b\n\n', 'data: c\n\n'].map((t) => enc.encode(t))),
        (t) => {
          seen.push(t);
          if (t !== 'data: b\n\n') return undefined;
          return new Promise<void>((r) => {
            release = r;
          });
        },
        ctl.signal,
      );
      await new Promise((r) => setTimeout(r, 30));
      expect(seen).toEqual(['data: a\n\n', 'data: b\n\n']);
      if (abort) ctl.abort();
      release();
      await done;
      return seen;
    };
    expect(await run(false)).toEqual(['data: a\n\n', 'data: b\n\n', 'data: c\n\n']);
    expect(await run(true)).toEqual(['data: a\n\n', 'data: b\n\n']);
  });

  it('rejects with the body’s own error, and a throwing handler destroys the body', async () => {
    await expect(
      readNode(
        pushed([enc.encode('data: a\n\n')], new Error('connection reset')),
        () => undefined,
        new AbortController().signal,
      ),
    ).rejects.toThrow('connection reset');
    await expect(
      readNode(
        pushed([enc.encode('data: a\n\n')]),
        () => {
          throw new Error('handler failed');
        },
        new AbortController().signal,
      ),
    ).rejects.toThrow('handler failed');
  });
});

// End to end over loopback: each piece is written on its own after a pause, so the client reads it as its own
// chunk, cutting characters (in data and in event names), CRLF pairs and the byte-order mark.
let srv: TestServer;
const open: ServerResponse[] = [];
const PIECES: Buffer[] = [
  bytes([0xef, 0xbb]),
  bytes([0xbf], ': keep-alive\r\n\r\nid: 1\r\nevent: caf', [0xc3]),
  bytes([0xa9], '\r'),
  bytes('\ndata: {"data":"', [0xf0, 0x9f]),
  bytes([0x98, 0x80], ' ', [0xe2, 0x82]),
  bytes([0xac], '"}\r\n\r\n:comment\n\nid: 2\revent: 温度\rdata: ü\rdata: ß\r\r'),
  bytes('id: 3\nevent: bench-end\ndata: end\n\n'),
];

beforeAll(async () => {
  srv = await startServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.socket?.setNoDelay(true);
    open.push(res);
    let i = 0;
    const next = () => {
      if (i < PIECES.length) {
        res.write(PIECES[i++]);
        setTimeout(next, 15);
      } else res.end();
    };
    next();
  });
});
afterAll(async () => {
  for (const r of open) r.destroy();
  await srv.close();
});

const builds = [
  ['source (TextDecoder)', async () => source],
  [
    'built Node entry (StringDecoder)',
    async () => (await import(join(__dirname, '..', 'dist', 'index.js'))) as typeof source,
  ],
] as const;

describe.each(builds)('openEventStream over loopback, %s', (_name, load) => {
  it('keeps characters cut across chunks whole and frames CRLF, CR and LF lines', async () => {
    const core = await load();
    const client = new core.HttpClient({ baseUrl: srv.url });
    const events: SseEvent[] = [];
    const h = core.openEventStream({
      client,
      url: '/utf8',
      reconnect: false,
      onEvent: (e) => events.push(e),
    });
    await h.closed;
    await client.close();
    expect(events.map((e) => ({ ...e }))).toEqual([
      { id: '1', event: 'café', data: '{"data":"😀 €"}' },
      { id: '2', event: '温度', data: 'ü\nß' },
      { id: '3', event: 'bench-end', data: 'end' },
    ]);
    expect(h.lastEventId).toBe('3');
  });
});
