// Builds a client class from only the methods an app imports, so bundlers can drop the rest. The full `Particle`
// class is the same idea applied to every method (see particle.ts).
import { ParticleBase } from './base.js';
import type { ParticleOptions } from './types.js';

// biome-ignore lint/suspicious/noExplicitAny: any argument list; each method keeps its own parameter types
type AnyMethod = (this: any, ...args: any[]) => unknown;

/** The methods to compose in: `{ login, listDevices, … }` (names become the client's method names). */
export type MethodSet = Record<string, AnyMethod>;

/** A client class whose instances have ParticleBase's plumbing plus exactly the methods in `M`. */
export interface ParticleClassWith<M extends MethodSet> {
  new (options?: ParticleOptions): ParticleBase & M;
  readonly prototype: ParticleBase & M;
}

/**
 * Each method whose `this` type asks for more than the composed client offers becomes `never`, so leaving out
 * a method another one calls through `this` is a type error at the `particleWith` call.
 */
export type ThisSatisfied<M extends MethodSet> = {
  [K in keyof M]: ParticleBase & M extends ThisParameterType<M[K]> ? M[K] : never;
};

function describe(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v;
}

/**
 * A Particle client class with only `methods` on it, called as on the full class:
 * `const Particle = particleWith({ login, listDevices }); await new Particle(opts).login({ … })`.
 * Throws a TypeError naming the entry when a value is not a function or would replace a built-in member
 * (`request`, `get`, `setDefaultAuth`, `httpClient`, …).
 */
export function particleWith<M extends MethodSet>(methods: M & ThisSatisfied<M>): ParticleClassWith<M> {
  if (methods === null || typeof methods !== 'object' || Array.isArray(methods)) {
    throw new TypeError(
      `particleWith: expected an object of methods such as { login, listDevices }, got ${describe(methods)}`,
    );
  }
  for (const name of Object.keys(methods)) {
    const fn = methods[name];
    if (typeof fn !== 'function') {
      throw new TypeError(
        `particleWith: "${name}" is ${describe(fn)}, not a function (import it from @skyport/particle/modular)`,
      );
    }
    if (name in ParticleBase.prototype) {
      throw new TypeError(`particleWith: "${name}" would replace the client's own ${name}; use another name`);
    }
  }
  class Particle extends ParticleBase {}
  Object.assign(Particle.prototype, methods);
  return Particle as unknown as ParticleClassWith<M>;
}
