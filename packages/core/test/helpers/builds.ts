// The two Node-side builds of core's event streams, for suites that must hold for both: the source (as the
// browser build reads a body: its async iterator, TextDecoder) and the built Node entry (undici's stream read by
// its events, node:string_decoder). The built entry must be current: `npm run build -w @skyport/core`.
import { join } from 'node:path';
import * as source from '../../src/index.js';

const built = (await import(join(__dirname, '..', '..', 'dist', 'index.js'))) as typeof source;

export type Core = typeof source;
export const coreBuilds: ReadonlyArray<readonly [string, Core]> = [
  ['source (portable body reader)', source],
  ['built Node entry (Node body reader)', built],
];
