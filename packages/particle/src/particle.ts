import { ParticleBase } from './base.js';
import { authMethods } from './methods/auth.js';
import { deviceMethods } from './methods/devices.js';
import { eventMethods } from './methods/events.js';
import { userMethods } from './methods/users.js';

type Methods = typeof authMethods & typeof userMethods & typeof deviceMethods & typeof eventMethods;

/** Particle Cloud API client with particle-api-js's method names, options and wire requests. */
// The domain files' methods are mixed into the prototype below; the interface declares them.
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the mixin below provides every declared method
export class Particle extends ParticleBase {}
export interface Particle extends Methods {}

Object.assign(Particle.prototype, authMethods, userMethods, deviceMethods, eventMethods);
