// The BUILT CommonJS entries (run `npm run build -w @skyport/particle` first): each requires @skyport/core once, so
// an app that loaded @skyport/core before (or @skyport/genesys-cloud, which loads it) does not resolve the package
// again for every source module of ours; and the class from the built entry works against a loopback server, its
// errors being @skyport/core's classes.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { resolutionCounter } from '@skyport/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCaptureServer } from './capture-server.js';

const run = promisify(execFile);
const dist = join(__dirname, '..', 'dist');

let srv: Awaited<ReturnType<typeof startCaptureServer>>;
beforeAll(async () => {
  srv = await startCaptureServer((req, res) => {
    if (req.url.startsWith('/v1/devices/missing')) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"error":"Permission Denied","info":"I didn\'t recognize that device name or ID"}');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('[{"id":"d1","name":"lamp"}]');
  });
});
afterAll(() => srv.close());

const requires = (file: string) =>
  [...readFileSync(join(dist, file), 'utf8').matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);

describe('CommonJS entries, built', () => {
  it.each(['index.cjs', 'modular.cjs'])('%s requires @skyport/core once and nothing else at load', (file) => {
    expect(requires(file)).toEqual(['@skyport/core']);
  });

  it('with @skyport/core already loaded, requiring the entry resolves it once; requests and errors work', async () => {
    const { stdout } = await run(
      process.execPath,
      [
        '-e',
        `${resolutionCounter('@skyport/core')}
         const Particle = require(${JSON.stringify(join(dist, 'index.cjs'))});
         const { particleWith, listDevices } = require(${JSON.stringify(join(dist, 'modular.cjs'))});
         const afterLoad = count;
         const api = new Particle({ baseUrl: process.env.URL_UNDER_TEST });
         (async () => {
           const list = await api.listDevices({ auth: 't' });
           const Small = particleWith({ listDevices });
           const small = await new Small({ baseUrl: process.env.URL_UNDER_TEST }).listDevices({ auth: 't' });
           let error;
           try { await api.getDevice({ deviceId: 'missing', auth: 't' }); } catch (e) { error = e; }
           process.stdout.write(JSON.stringify({
             afterLoad,
             list: list.body,
             small: small.body,
             status: error.statusCode,
             isCoreApiError: error instanceof core.ApiError,
             isParticleApiError: error instanceof Particle.ParticleApiError,
           }));
         })().catch((e) => { console.error(e); process.exit(1); });`,
      ],
      { cwd: join(__dirname, '..'), env: { ...process.env, URL_UNDER_TEST: srv.url } },
    );
    expect(JSON.parse(stdout)).toEqual({
      // One by the app, one by each of the two entries.
      afterLoad: 3,
      list: [{ id: 'd1', name: 'lamp' }],
      small: [{ id: 'd1', name: 'lamp' }],
      status: 404,
      isCoreApiError: true,
      isParticleApiError: true,
    });
  });
});
