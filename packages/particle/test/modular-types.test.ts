// Type-level checks of particleWith, run by `npm run typecheck` (tsconfig includes test/): each
// `@ts-expect-error` fails the typecheck if the line it marks stops being a type error.
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Particle as FullParticle } from '../src/index.js';
import {
  getEventStream,
  getUserInfo,
  listDevices,
  login,
  type ParticleBase,
  type ParticleClassWith,
  particleWith,
} from '../src/modular.js';

const Small = particleWith({ login, listDevices, getEventStream });
const p = new Small({ baseUrl: 'http://127.0.0.1:9' });

describe('particleWith types', () => {
  it('has exactly the composed methods, typed as on the full class', () => {
    expectTypeOf(Small).toEqualTypeOf<
      ParticleClassWith<{
        login: typeof login;
        listDevices: typeof listDevices;
        getEventStream: typeof getEventStream;
      }>
    >();
    expectTypeOf(p.login).toEqualTypeOf<FullParticle['login']>();
    expectTypeOf(p.listDevices).toEqualTypeOf<FullParticle['listDevices']>();
    expectTypeOf(p.getEventStream).toEqualTypeOf<FullParticle['getEventStream']>();
    expectTypeOf(p.setDefaultAuth).toEqualTypeOf<FullParticle['setDefaultAuth']>();
    expectTypeOf(p).toMatchTypeOf<ParticleBase>();
    // @ts-expect-error getDevice was not composed in
    expect(() => p.getDevice({ deviceId: 'x' })).toThrow(TypeError);
    // Options are checked as on the full class: login without a username does not fit.
    expectTypeOf<{ password: string }>().not.toMatchTypeOf<Parameters<typeof p.login>[0]>();
    expectTypeOf<{ username: string; password: string }>().toMatchTypeOf<Parameters<typeof p.login>[0]>();
  });

  it('leaving out a method that another one calls through `this` is a type error', () => {
    function greeting(this: ParticleBase & { getUserInfo: typeof getUserInfo }) {
      return this.getUserInfo().then((r) => `hello ${r.body.username}`);
    }
    // @ts-expect-error greeting needs getUserInfo on the client
    expect(particleWith({ greeting })).toBeTypeOf('function');
    const WithBoth = particleWith({ greeting, getUserInfo });
    expectTypeOf(new WithBoth().greeting).returns.toEqualTypeOf<Promise<string>>();
  });

  it('rejects non-functions at the type level too', () => {
    const loose: Record<string, unknown> = { login: 1 };
    // @ts-expect-error values must be methods
    expect(() => particleWith(loose)).toThrow(/"login" is number, not a function/);
  });
});
