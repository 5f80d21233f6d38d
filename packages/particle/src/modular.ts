// `@skyport/particle/modular`: every method as its own export plus `particleWith`, so a bundle carries only
// the methods an app composes into its client. The group objects (`deviceMethods`, …) are exported too.
export { ParticleBase } from './base.js';
export {
  type ComposeOptions,
  type MethodSet,
  type ParticleClassWith,
  particleWith,
  type ThisSatisfied,
} from './compose.js';
export { ParticleApiError, ParticleNetworkError, ParticleTimeoutError } from './errors.js';
export { EventStream, type ParticleEvent, type StreamTuning } from './event-stream.js';
export * from './methods/auth.js';
export * from './methods/code.js';
export type { Binary } from './methods/define.js';
export * from './methods/device-os.js';
export * from './methods/devices.js';
export * from './methods/env-vars.js';
export * from './methods/events.js';
export * from './methods/ledgers.js';
export * from './methods/libraries.js';
export * from './methods/logic.js';
export * from './methods/oauth-clients.js';
export * from './methods/products.js';
export * from './methods/sims.js';
export * from './methods/users.js';
export * from './methods/webhooks.js';
export { type MultipartEncoder, multipart } from './multipart.js';
export type * from './types.js';
