// The browser entry: bundles for the browser without Node built-ins or undici, and works on fetch.
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiError,
  HttpClient as BrowserHttpClient,
  ConfigError,
  createTransport,
  HttpClientBase,
  serializeBody,
  serializeSimpleBody,
  ValidationError,
} from '../src/index.browser.js';
import { caught, json, startServer, type TestServer, unexpected } from './helpers/server.js';

describe('browser bundle', () => {
  it('bundles src/index.browser.ts for the browser with no node:* or undici imports', async () => {
    const result = await build({
      entryPoints: [join(__dirname, '../src/index.browser.ts')],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((p) => p.includes('undici'))).toBe(false);
    expect(inputs.some((p) => /(^|\/)node:/.test(p))).toBe(false);
    const code = result.outputFiles[0]!.text;
    expect(code).not.toMatch(/from ["']node:/);
    expect(code).not.toMatch(/require\(["'](node:)?(fs|http|https|net|tls|os|path)["']\)/);
    expect(inputs.some((p) => p.includes('eventsource-parser'))).toBe(true);
  });

  // As a user's bundler sees the BUILT package: platform browser, minified, with a metafile.
  async function bundleApp(contents: string) {
    const result = await build({
      stdin: { contents, resolveDir: join(__dirname, '..') },
      bundle: true,
      minify: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]!.text;
    const inputs = Object.keys(result.metafile.inputs);
    const output = Object.values(result.metafile.outputs)[0] as Metafile['outputs'][string];
    return {
      code,
      inputs,
      used: Object.keys(output.inputs).filter((k) => output.inputs[k]!.bytesInOutput > 0),
    };
  }

  it('the built browser entry imports no node: module, no ini and no undici', async () => {
    const { code, inputs } = await bundleApp(
      "import * as core from '@skyport/core'; globalThis.core = core;",
    );
    expect(inputs.some((p) => p.endsWith('dist/index.browser.js'))).toBe(true);
    for (const p of inputs) {
      expect(p).not.toMatch(/(^|[/\\])node:|node_modules[/\\](ini|undici)[/\\]/);
    }
    expect(code).not.toMatch(/["']node:|require\(["'](fs|http|https|net|tls|os|path|crypto)["']\)/);
    // Config files (INI/JSON) are Node-only: not in the browser entry at all.
    expect(code).not.toContain('parseConfigText');
    expect(inputs.some((p) => p.includes('eventsource-parser'))).toBe(true);
  });

  it('is tree-shakable: an import with no bindings costs nothing, one error class stays small', async () => {
    const none = await bundleApp("import '@skyport/core';");
    expect(none.code.trim()).toBe('');
    const one = await bundleApp("import { ApiError } from '@skyport/core'; console.log(ApiError);");
    // The error classes only: no HTTP pipeline, logger or SSE parser.
    expect(one.used.some((p) => p.includes('eventsource-parser'))).toBe(false);
    expect(one.code).not.toContain('text/event-stream');
    expect(one.code).not.toContain('retry-after');
    const client = await bundleApp(
      "import { HttpClient } from '@skyport/core'; new HttpClient({ baseUrl: 'https://x.test' }).request({ method: 'GET', path: '/' });",
    );
    expect(client.used.some((p) => p.includes('eventsource-parser'))).toBe(false);
    expect(one.code.length).toBeLessThan(client.code.length / 4);
    console.log(
      `core browser: ApiError only ${gzipSync(one.code).length} B gzip; HttpClient ${gzipSync(client.code).length} B gzip`,
    );
  });

  it('a client on HttpClientBase with fetch and serializeBody bundles no logger', async () => {
    const lean = await bundleApp(`
      import { HttpClientBase, createFetchTransport, serializeBody, ConfigError } from '@skyport/core';
      const platform = {
        createTransport: createFetchTransport,
        createLogger() { throw new ConfigError('no logger here'); },
        serializeBody,
      };
      const client = new HttpClientBase({ baseUrl: 'https://x.test' }, platform);
      console.log(await client.request({ method: 'POST', path: '/', body: { a: 1 } }));`);
    const full = await bundleApp(
      "import { HttpClient } from '@skyport/core'; console.log(await new HttpClient({ baseUrl: 'https://x.test' }).request({ method: 'POST', path: '/', body: { a: 1 } }));",
    );
    // The logger's own strings: in the HttpClient bundle, not in the lean one; the serializer is in both.
    expect(full.code).toContain('more lines');
    expect(lean.code).not.toContain('more lines');
    expect(lean.code).not.toContain('logger level must be');
    for (const code of [lean.code, full.code]) expect(code).toContain('application/x-www-form-urlencoded');
    expect(gzipSync(lean.code).length).toBeLessThan(gzipSync(full.code).length);
    console.log(
      `core browser: HttpClientBase + fetch + serializeBody ${gzipSync(lean.code).length} B gzip; HttpClient ${gzipSync(full.code).length} B gzip`,
    );
  });

  it('serializeSimpleBody leaves the multipart encoder out of the bundle; serializeBody brings it', async () => {
    const app = (serializer: string) => `
      import { HttpClientBase, createFetchTransport, ${serializer}, ConfigError } from '@skyport/core';
      const platform = {
        createTransport: createFetchTransport,
        createLogger() { throw new ConfigError('no logger here'); },
        serializeBody: ${serializer},
      };
      const client = new HttpClientBase({ baseUrl: 'https://x.test' }, platform);
      console.log(await client.request({ method: 'POST', path: '/', body: { a: 1 } }));`;
    const simple = await bundleApp(app('serializeSimpleBody'));
    const full = await bundleApp(app('serializeBody'));
    // Strings of the multipart encoder (file parts).
    for (const s of ['unsupported file data', 'file paths are only supported on Node']) {
      expect(full.code).toContain(s);
      expect(simple.code).not.toContain(s);
    }
    for (const code of [simple.code, full.code]) expect(code).toContain('application/x-www-form-urlencoded');
  });

  it('the built package resolves the browser condition to the browser file', async () => {
    const result = await build({
      stdin: { contents: "export { HttpClient } from '@skyport/core';", resolveDir: join(__dirname, '..') },
      bundle: true,
      platform: 'browser',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((p) => p.endsWith('dist/index.browser.js'))).toBe(true);
    expect(inputs.some((p) => p.includes('undici'))).toBe(false);
  });
});

describe('fetch transport', () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startServer((req, res) => {
      if (req.url === '/fail') return json(res, 500, { message: 'bad' });
      if (req.url === '/headers') {
        res.setHeader('X-Mixed-Case', 'v');
        res.setHeader('X-Multi', ['a', 'b']);
        return json(res, 200, {});
      }
      json(res, 200, { method: req.method, body: req.body, ct: req.headers['content-type'] });
    });
  });
  afterAll(() => srv.close());

  it('serializeBody makes a platform that sends JSON, form and multipart bodies on fetch', async () => {
    const platform = {
      createTransport,
      createLogger: () => {
        throw new ConfigError('no logger here');
      },
      serializeBody,
    };
    const client = new HttpClientBase({ baseUrl: srv.url }, platform);
    expect(await client.request({ method: 'POST', path: '/x', body: { a: 1 } })).toEqual({
      method: 'POST',
      body: '{"a":1}',
      ct: 'application/json',
    });
    expect(
      await client.request({ method: 'POST', path: '/x', body: { a: 'b c' }, bodyType: 'form' }),
    ).toEqual({ method: 'POST', body: 'a=b+c', ct: 'application/x-www-form-urlencoded' });
    expect(() => new HttpClientBase({ baseUrl: srv.url, logger: { level: 'debug' } }, platform)).toThrow(
      'no logger here',
    );
  });

  it('serializeSimpleBody sends JSON, form, text and FormData bodies, and refuses multipart objects before sending', async () => {
    const platform = {
      createTransport,
      createLogger: () => {
        throw new ConfigError('no logger here');
      },
      serializeBody: serializeSimpleBody,
    };
    const client = new HttpClientBase({ baseUrl: srv.url }, platform);
    expect(await client.request({ method: 'POST', path: '/x', body: { a: 1 } })).toMatchObject({
      body: '{"a":1}',
      ct: 'application/json',
    });
    expect(
      await client.request({ method: 'POST', path: '/x', body: { a: 'b c' }, bodyType: 'form' }),
    ).toMatchObject({ body: 'a=b+c', ct: 'application/x-www-form-urlencoded' });
    expect(await client.request({ method: 'POST', path: '/x', body: 'hi' })).toMatchObject({
      body: 'hi',
      ct: 'text/plain; charset=utf-8',
    });
    const form = new FormData();
    form.append('f', 'v');
    const sent = (await client.request({ method: 'POST', path: '/x', body: form })) as { ct: string };
    expect(sent.ct).toMatch(/^multipart\/form-data; boundary=/);
    const before = srv.requests.length;
    const err = await client
      .request({ method: 'POST', path: '/x', body: { f: 'v' }, bodyType: 'multipart' })
      .then(unexpected, caught);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as Error).message).toMatch(/multipart bodies as FormData/);
    expect(srv.requests.length).toBe(before);
  });

  it('runs the same pipeline on global fetch', async () => {
    const client = new BrowserHttpClient({ baseUrl: srv.url });
    expect(await client.request({ method: 'POST', path: '/x', body: { a: 1 } })).toEqual({
      method: 'POST',
      body: '{"a":1}',
      ct: 'application/json',
    });
    const err = await client.request({ method: 'GET', path: '/fail' }).then(unexpected, caught);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.body.message).toBe('bad');
  });

  it('response headers have lower-case names, repeated ones joined', async () => {
    const client = new BrowserHttpClient({ baseUrl: srv.url });
    const res = await client.requestExtended({ method: 'GET', path: '/headers' });
    expect(res.headers['x-mixed-case']).toBe('v');
    expect(res.headers['x-multi']).toBe('a, b');
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(Object.keys(res.headers).every((k) => k === k.toLowerCase())).toBe(true);
  });

  it('refuses proxy and tls options it cannot honour', () => {
    expect(() => createTransport({ proxy: 'http://p:1' })).toThrow(ConfigError);
    expect(
      () => new BrowserHttpClient({ baseUrl: srv.url, logger: { level: 'debug', filePath: '/tmp/x' } }),
    ).toThrow(ConfigError);
  });
});
