// Browser build of event-data.ts (swapped in by tsup.config.ts): the same result in fewer bytes, reading the
// Particle cloud's shape by the pattern's captures. The Node build cuts the values out without captures (less
// CPU per event); test/event-data.test.ts holds both to JSON.parse.
import type { SseEvent } from '@skyport/core';
import { type ParticleEvent, parseAnyEvent } from './event-json.js';

export type { ParticleEvent };

// The Particle cloud sends every event's data as this one JSON object, keys in this order. When a message is
// exactly that with plain strings (no escapes, no control characters) and a plain integer ttl, the captures
// ARE the values JSON.parse would produce, at a fraction of its cost. Anything else goes to JSON.parse.
const PARTICLE_SHAPE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: JSON strings cannot hold raw control characters, so such data must go to JSON.parse
  /^\{"data":"([^"\\\x00-\x1f]*)","ttl":(0|[1-9]\d{0,14}),"published_at":"([^"\\\x00-\x1f]*)","coreid":"([^"\\\x00-\x1f]*)"\}$/;

/** The event for one message, or undefined when its data is empty or not JSON (as particle-api-js skips it). */
export function parseParticleEvent(e: SseEvent): ParticleEvent | undefined {
  const text = e.data;
  if (!text) return undefined;
  const m = PARTICLE_SHAPE.exec(text);
  const name = e.event ?? '';
  return m
    ? { data: m[1]!, ttl: Number(m[2]), published_at: m[3]!, coreid: m[4]!, name }
    : parseAnyEvent(text, name);
}
