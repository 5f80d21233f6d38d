// The compat module has the official package's surface: every API class with every method, the ApiClient
// methods, the helper classes; and its browser build bundles without Node built-ins.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import * as ours from '../src/compat/index';

// biome-ignore lint/suspicious/noExplicitAny: the official package is untyped CommonJS here
const official: any = createRequire(import.meta.url)('purecloud-platform-client-v2');
const here = dirname(fileURLToPath(import.meta.url));

function methods(proto: object): string[] {
  return Object.getOwnPropertyNames(proto).filter(
    (n) => n !== 'constructor' && typeof (proto as Record<string, unknown>)[n] === 'function',
  );
}

describe('surface of purecloud-platform-client-v2', () => {
  const apiNames = Object.keys(official).filter((k) => /Api$/.test(k) && typeof official[k] === 'function');

  it('every API class and every method exists, with the same number of declared parameters', () => {
    expect(apiNames.length).toBe(87);
    let count = 0;
    const missing: string[] = [];
    const arity: string[] = [];
    for (const name of apiNames) {
      const mine = (
        ours as unknown as Record<string, { prototype: Record<string, (...a: unknown[]) => unknown> }>
      )[name];
      if (!mine) {
        missing.push(name);
        continue;
      }
      for (const m of methods(official[name].prototype)) {
        count++;
        const fn = mine.prototype[m];
        if (typeof fn !== 'function') missing.push(`${name}.${m}`);
        else if (fn.length !== official[name].prototype[m].length) {
          arity.push(`${name}.${m}: ${fn.length} vs ${official[name].prototype[m].length}`);
        }
      }
    }
    expect(missing).toEqual([]);
    expect(arity).toEqual([]);
    expect(count).toBe(3468);
  });

  it('ApiClient has the public methods of the official ApiClient', () => {
    const theirs = methods(Object.getPrototypeOf(official.ApiClient)).filter((n) => !n.startsWith('_'));
    // The official axios-era internals are not part of the compat layer.
    const notProvided = new Set([
      'serialize',
      'addHeaders',
      'buildUrl',
      'isJsonMime',
      'jsonPreferredMime',
      'isFileParam',
      'normalizeParams',
      'applyAuthToRequest',
      'paramToString',
    ]);
    const mine = new Set(methods(ours.ApiClientClass.prototype));
    const missing = theirs.filter((n) => !notProvided.has(n) && !mine.has(n));
    expect(missing).toEqual([]);
    expect(theirs.length).toBeGreaterThan(30);
  });

  it('module members: PureCloudRegionHosts, http client classes, ApiClientClass', () => {
    expect(ours.PureCloudRegionHosts).toEqual(official.PureCloudRegionHosts);
    for (const k of ['AbstractHttpClient', 'DefaultHttpClient', 'HttpRequestOptions', 'ApiClientClass']) {
      expect(typeof (ours.default as Record<string, unknown>)[k], k).toBe('function');
    }
    const opts = new ours.HttpRequestOptions('https://x', 'get', { a: 'b' }, null, { x: 1 }, 5);
    expect(opts).toMatchObject({
      url: 'https://x',
      method: 'GET',
      headers: { a: 'b' },
      data: { x: 1 },
      timeout: 5,
    });
    expect(() => new ours.HttpRequestOptions('https://x', 'FETCH')).toThrow(/method/);
  });
});

describe('module shapes of the built package', () => {
  it('ESM default and named exports, and CommonJS require, give the same shape', async () => {
    const esm = (await import('@skyport/genesys-cloud/compat')) as unknown as Record<
      string,
      Record<string, unknown>
    >;
    const cjs = createRequire(import.meta.url)('@skyport/genesys-cloud/compat');
    expect(esm.default?.ApiClient).toBe(esm.ApiClient);
    expect(esm.default?.UsersApi).toBe(esm.UsersApi);
    expect(typeof cjs.ApiClient.instance.setEnvironment).toBe('function');
    expect(typeof cjs.default.UsersApi).toBe('function');
    expect(Object.keys(cjs.default).filter((k) => k.endsWith('Api'))).toHaveLength(87);
    // The declaration file types the default export as the entry's namespace (scripts/compat-default-types.mjs):
    // at run time it holds every value export, the same objects.
    const values = Object.keys(esm).filter((k) => k !== 'default' && k !== 'platformClient');
    expect(Object.keys(esm.default ?? {}).sort()).toEqual(values.sort());
    for (const k of values) expect(esm.default?.[k], k).toBe(esm[k]);
  }, 60_000); // loading the whole built package twice is slow on a busy machine
});

describe('browser build', () => {
  it('bundles for the browser without Node built-ins', async () => {
    const result = await build({
      stdin: {
        contents:
          "import platformClient from '@skyport/genesys-cloud/compat'; platformClient.ApiClient.instance.setEnvironment('mypurecloud.ie'); new platformClient.UsersApi().getUsersMe();",
        resolveDir: here,
      },
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      logLevel: 'silent',
      metafile: true,
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((p) => p.endsWith(join('dist', 'compat.browser.js')))).toBe(true);
    expect(
      inputs.filter((p) => p.startsWith('node:') || /^(fs|os|path|net|tls|http|https)$/.test(p)),
    ).toEqual([]);
    const text = result.outputFiles[0]?.text ?? '';
    expect(text).not.toMatch(/from ["']node:/);
    expect(text).not.toMatch(/require\(["']node:/);
  }, 60_000);

  it('named imports leave the other API classes out of the bundle; the default import has them all', async () => {
    const bundle = async (contents: string) =>
      (
        await build({
          stdin: { contents, resolveDir: here },
          bundle: true,
          platform: 'browser',
          format: 'esm',
          minify: true,
          write: false,
          logLevel: 'silent',
        })
      ).outputFiles[0]?.text ?? '';
    const named = await bundle(
      "import { ApiClient, UsersApi } from '@skyport/genesys-cloud/compat'; ApiClient.instance.setAccessToken('t'); new UsersApi().getUsersMe();",
    );
    const whole = await bundle(
      "import platformClient from '@skyport/genesys-cloud/compat'; new platformClient.UsersApi().getUsersMe();",
    );
    expect(named).toContain('/api/v2/users/me');
    expect(named).not.toContain('/api/v2/workforcemanagement/');
    expect(whole).toContain('/api/v2/workforcemanagement/');
    expect(named.length * 3).toBeLessThan(whole.length);
  }, 60_000);
});
