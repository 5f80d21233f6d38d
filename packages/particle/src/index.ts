import { Particle } from './particle.js';

export { ParticleApiError, ParticleNetworkError, ParticleTimeoutError } from './errors.js';
export { EventStream, type ParticleEvent, type StreamTuning } from './event-stream.js';
export type { EventStreamOptions, ParticleEventIterator } from './methods/events.js';
export { Particle } from './particle.js';
export type * from './types.js';
export default Particle;
