// Builds a client class from only the methods an app imports, so bundlers can drop the rest. The full `Particle`
// class is the same idea applied to every method (see particle.ts).
import { MULTIPART, ParticleBase } from './base.js';
import type { MultipartEncoder } from './multipart.js';
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

/** Options of particleWith. */
export interface ComposeOptions {
  /**
   * The multipart encoder (`multipart` from this entry) for `request({ files })` and the verbs. Upload methods
   * (compileCode, flashDevice, …) bring their own; without it a generic call with `files` rejects.
   */
  multipart?: MultipartEncoder;
}

/**
 * A Particle client class with only `methods` on it, called as on the full class:
 * `const Particle = particleWith({ login, listDevices }); await new Particle(opts).login({ … })`.
 * Throws a TypeError naming the entry when a value is not a function or would replace a built-in member
 * (`request`, `get`, `setDefaultAuth`, `httpClient`, …).
 */
export function particleWith<M extends MethodSet>(
  methods: M & ThisSatisfied<M>,
  options: ComposeOptions = {},
): ParticleClassWith<M> {
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
  const { multipart } = options;
  if (multipart !== undefined && typeof multipart !== 'function') {
    throw new TypeError(
      `particleWith: options.multipart is ${describe(multipart)}, not the multipart encoder`,
    );
  }
  class Particle extends ParticleBase {}
  Object.assign(Particle.prototype, methods);
  if (multipart) Particle.prototype[MULTIPART] = multipart;
  return Particle as unknown as ParticleClassWith<M>;
}
