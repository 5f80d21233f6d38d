// parseParticleEvent: the event object for one SSE message must be exactly what JSON.parse of its data gives
// (plus `name`), whether or not the fast path for the Particle cloud's own data shape applies.
import type { SseEvent } from '@skyport/core';
import { describe, expect, it } from 'vitest';
import { parseParticleEvent as parseBrowser } from '../src/event-data.browser.js';
import { parseParticleEvent as parseNode } from '../src/event-stream.js';

// Both builds' parsers (the Node build's without captures, the browser build's with) must agree with JSON.parse.
const parsers = [
  ['Node build', parseNode],
  ['browser build', parseBrowser],
] as const;

/** The reference: particle-api-js's rule (JSON.parse, set `name`; skip what fails). */
function reference(e: SseEvent): unknown {
  if (!e.data) return undefined;
  try {
    const v = JSON.parse(e.data);
    if (v === null || typeof v !== 'object') return undefined;
    v.name = e.event ?? '';
    return v;
  } catch {
    return undefined;
  }
}

function expectSame(parseParticleEvent: typeof parseNode, data: string, event: string | undefined = 'temp') {
  const e: SseEvent = event === undefined ? { data } : { event, data };
  const got = parseParticleEvent(e);
  const want = reference(e);
  expect(got, data).toStrictEqual(want);
  if (got) expect(Object.keys(got), data).toEqual(Object.keys(want as object));
}

// A small deterministic PRNG, so a failure names a reproducible input.
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const PIECES = [
  'a',
  'Z',
  '9',
  ' ',
  '"',
  '\\',
  '\\"',
  '\\n',
  '\\u00e9',
  '\n',
  '\t',
  '\u0001',
  'é',
  '😀',
  '\u2028',
  '{',
  '}',
  ',',
];

describe.each(parsers)('parseParticleEvent (%s)', (_build, parseParticleEvent) => {
  const same = (data: string, event?: string) => expectSame(parseParticleEvent, data, event);
  it('gives the cloud shape as JSON.parse does, keys in the same order', () => {
    const d =
      '{"data":"23.5","ttl":60,"published_at":"2026-11-23T00:00:00.000Z","coreid":"0123456789abcdef01234567"}';
    const ev = parseParticleEvent({ event: 'temp', data: d });
    expect(ev).toStrictEqual({
      data: '23.5',
      ttl: 60,
      published_at: '2026-11-23T00:00:00.000Z',
      coreid: '0123456789abcdef01234567',
      name: 'temp',
    });
    expect(Object.keys(ev!)).toEqual(['data', 'ttl', 'published_at', 'coreid', 'name']);
  });

  it('matches JSON.parse on edge cases of the shape', () => {
    const shape = (data: string, ttl: string, at = '2026-01-01T00:00:00Z', core = 'dev') =>
      `{"data":${data},"ttl":${ttl},"published_at":"${at}","coreid":"${core}"}`;
    for (const data of [
      '""',
      '"x"',
      '"with \\"quote\\""',
      '"back\\\\slash"',
      '"\\u0041"',
      'null',
      '12',
      '"tab\there"',
      '"é😀"',
    ])
      for (const ttl of [
        '0',
        '60',
        '007',
        '1e3',
        '-1',
        '60.5',
        '999999999999999',
        '12345678901234567890',
        '"60"',
      ])
        same(shape(data, ttl));
    same(shape('"x"', '60', '2026-01-01T00:00:00Z', 'dev","extra":true'));
    same(shape('"x"', '60').replace('"ttl":60,', '"ttl" : 60,'));
    same(`${shape('"x"', '60')} `);
    same(`${shape('"x"', '60')}x`);
    same('{"ttl":60,"data":"x","published_at":"t","coreid":"c"}');
    same('{"data":"x","ttl":60,"published_at":"t","coreid":"c","public":true}');
    same('{"data":"x","ttl":60,"published_at":"t","coreid":"c","name":"inner"}');
  });

  it('skips what particle-api-js skips: empty data, non-JSON, JSON primitives', () => {
    for (const d of ['', 'not json', '42', '"str"', 'null', 'true', '{"data":"x"']) {
      expect(parseParticleEvent({ event: 'e', data: d }), d).toBeUndefined();
    }
    expect(parseParticleEvent({ event: 'e', data: '[1,2]' })).toEqual(Object.assign([1, 2], { name: 'e' }));
  });

  it('names the event after the SSE event field, or "" without one', () => {
    same('{"data":"x","ttl":60,"published_at":"t","coreid":"c"}', undefined);
    expect(parseParticleEvent({ data: '{"data":"x","ttl":60,"published_at":"t","coreid":"c"}' })?.name).toBe(
      '',
    );
  });

  it('agrees with JSON.parse on 20,000 generated messages', () => {
    const r = rng(7);
    const pick = () => PIECES[Math.floor(r() * PIECES.length)]!;
    const str = () => Array.from({ length: Math.floor(r() * 6) }, pick).join('');
    for (let i = 0; i < 20_000; i++) {
      const ttl = r() < 0.8 ? String(Math.floor(r() * 100)) : ['01', '-5', '1.5', '', 'x'][i % 5]!;
      same(`{"data":"${str()}","ttl":${ttl},"published_at":"${str()}","coreid":"${str()}"}`);
    }
  });
});
