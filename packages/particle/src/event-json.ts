// What both builds of event-data share: the event type, and the general path for data of any shape.

/** One published event as Particle streams it. */
export interface ParticleEvent {
  name: string;
  data: string;
  ttl?: number;
  published_at: string;
  coreid: string;
  [key: string]: unknown;
}

/** JSON.parse of the data plus `name`, as particle-api-js builds it; undefined when the data is not a JSON object. */
export function parseAnyEvent(text: string, name: string): ParticleEvent | undefined {
  let parsed: ParticleEvent;
  try {
    parsed = JSON.parse(text) as ParticleEvent;
  } catch {
    return undefined;
  }
  // particle-api-js sets `name` on whatever the data parsed to; a primitive cannot carry it.
  if (parsed === null || typeof parsed !== 'object') return undefined;
  parsed.name = name;
  return parsed;
}
