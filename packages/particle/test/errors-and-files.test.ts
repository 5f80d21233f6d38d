import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { ApiError, NetworkError } from '@skyport/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Particle, ParticleApiError, ParticleNetworkError } from '../src/index.js';
import { startCaptureServer } from './capture-server.js';

const require = createRequire(import.meta.url);
const Official = require('particle-api-js');

let srv: Awaited<ReturnType<typeof startCaptureServer>>;
beforeAll(async () => {
  srv = await startCaptureServer((req, res) => {
    if (req.url.startsWith('/v1/devices/missing')) {
      res.writeHead(404, { 'content-type': 'application/json', 'x-request-id': 'r1' });
      res.end(JSON.stringify({ ok: false, error: 'Not Found', error_description: 'Device not found' }));
    } else if (req.url === '/v1/binaries/b1') {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(Buffer.from([0xde, 0xad, 0xbe, 0xef]));
    } else if (req.url === '/v1/devices/gone') {
      res.writeHead(204);
      res.end();
    } else {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, method: req.method }));
    }
  });
});
afterAll(() => srv.close());

describe('results and errors', () => {
  it('resolves to { body, statusCode }', async () => {
    const p = new Particle({ baseUrl: srv.url, auth: 't' });
    await expect(p.getUserInfo()).resolves.toEqual({ body: { ok: true, method: 'GET' }, statusCode: 200 });
    await expect(p.request({ uri: '/v1/devices/gone', method: 'delete' })).resolves.toEqual({
      body: {},
      statusCode: 204,
    });
  });

  it('rejects with the same fields as particle-api-js, as a core ApiError keeping the body', async () => {
    const theirs = await new Official({ baseUrl: srv.url })
      .getDevice({ deviceId: 'missing', auth: 't' })
      .catch((e: unknown) => e);
    const ours = await new Particle({ baseUrl: srv.url })
      .getDevice({ deviceId: 'missing', auth: 't' })
      .catch((e: unknown) => e);
    expect(ours).toBeInstanceOf(ParticleApiError);
    expect(ours).toBeInstanceOf(ApiError);
    expect(ours).toBeInstanceOf(Error);
    for (const k of ['statusCode', 'errorDescription', 'shortErrorDescription', 'message'])
      expect((ours as Record<string, unknown>)[k], k).toEqual(theirs[k]);
    // particle-api-js also hangs its fetch Response on the body as `response`; the parsed JSON is the same.
    const { response: _response, ...theirBody } = theirs.body;
    expect((ours as ParticleApiError).body).toEqual(theirBody);
    // `error` is the same parsed body in both (core's own ApiError.error would be the error itself).
    const { response: _r, ...theirError } = theirs.error;
    expect((ours as { error: unknown }).error).toEqual(theirError);
    expect(ours).toMatchObject({
      statusCode: 404,
      status: 404,
      shortErrorDescription: 'Device not found',
      errorDescription: `HTTP error 404 from ${srv.url}/v1/devices/missing - Device not found`,
      headers: expect.objectContaining({ 'x-request-id': 'r1' }),
    });
    expect((ours as ParticleApiError).text).toContain('Device not found');
  });

  it('rejects a refused connection with a NetworkError naming the URL', async () => {
    const closed = await startCaptureServer();
    await closed.close();
    const err = await new Particle({ baseUrl: closed.url })
      .getUserInfo({ auth: 't' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParticleNetworkError);
    expect(err).toBeInstanceOf(NetworkError);
    expect(err).toMatchObject({
      statusCode: undefined,
      errorDescription: `Network error from ${closed.url}/v1/user`,
    });
  });

  it('checkSIM sends HEAD and resolves on 200', async () => {
    const res = await new Particle({ baseUrl: srv.url }).checkSIM({ iccid: '8901', auth: 't' });
    expect(res.statusCode).toBe(200);
    expect(srv.requests.at(-1)).toMatchObject({ method: 'HEAD', url: '/v1/sims/8901' });
  });

  it('downloads binaries as a Buffer', async () => {
    const bin = await new Particle({ baseUrl: srv.url }).downloadFirmwareBinary({
      binaryId: 'b1',
      auth: 't',
    });
    expect(Buffer.isBuffer(bin)).toBe(true);
    expect([...(bin as Uint8Array)]).toEqual([0xde, 0xad, 0xbe, 0xef]);
  });

  it('setDefaultAuth rejects empty tokens; setContext rejects unknown names', () => {
    const p = new Particle();
    expect(() => p.setDefaultAuth('')).toThrow(/non-empty string/);
    expect(() => p.setContext('nope' as 'tool', {})).toThrow(/unknown context name/);
  });

  it('env var methods need exactly one scope', () => {
    const p = new Particle({ baseUrl: srv.url });
    expect(() => p.listEnvVars({ auth: 't' })).toThrow(/Specify one of/);
    expect(() => p.listEnvVars({ product: 1, org: 'o', auth: 't' })).toThrow(/only one/);
  });
});

describe('files', () => {
  const parts = () => {
    const req = srv.requests.at(-1)!;
    return req.body;
  };

  it('sends paths, Buffers, Blobs and streams as multipart file parts', async () => {
    const path = join(tmpdir(), `skyport-particle-${process.pid}.ino`);
    writeFileSync(path, 'from-path');
    const p = new Particle({ baseUrl: srv.url, auth: 't' });
    await p.compileCode({
      files: {
        'a.ino': path,
        'b.h': Buffer.from('from-buffer'),
        'c.cpp': new Blob(['from-blob']),
        'd.cpp': Readable.from([Buffer.from('from-'), Buffer.from('stream')]),
        'e.cpp': new Blob(['typed-blob'], { type: 'text/plain' }),
        'f.tar.gz': new Uint8Array([1, 2]),
      },
      platformId: 32,
    });
    const body = parts();
    // Part types as particle-api-js's form-data gives them: mime-types by name (.ino is unknown to it), a
    // Blob's own type first.
    const part = (name: string, filename: string, type: string) =>
      new RegExp(`name="${name}"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`, 'i');
    expect(body).toMatch(part('file', 'a.ino', 'application/octet-stream'));
    expect(body).toMatch(part('file2', 'b.h', 'text/x-c'));
    expect(body).toMatch(part('file3', 'c.cpp', 'text/x-c'));
    expect(body).toMatch(part('file4', 'd.cpp', 'text/x-c'));
    expect(body).toMatch(part('file5', 'e.cpp', 'text/plain'));
    expect(body).toMatch(part('file6', 'f.tar.gz', 'application/gzip'));
    expect(body).toMatch(/name="file"; filename="a.ino"\r\n[\s\S]*?\r\n\r\nfrom-path\r\n/);
    expect(body).toMatch(/name="file2"; filename="b.h"\r\n[\s\S]*?\r\n\r\nfrom-buffer\r\n/);
    expect(body).toMatch(/name="file3"; filename="c.cpp"\r\n[\s\S]*?\r\n\r\nfrom-blob\r\n/);
    expect(body).toMatch(/name="file4"; filename="d.cpp"\r\n[\s\S]*?\r\n\r\nfrom-stream\r\n/);
    expect(body).toMatch(/name="file5"; filename="e.cpp"\r\n[\s\S]*?\r\n\r\ntyped-blob\r\n/);
    expect(body).toMatch(/name="platform_id"\r\n\r\n32\r\n/);
    expect(body).toMatch(/name="latest"\r\n\r\ntrue\r\n/);
  });

  it('reports upload progress and still sends a sized multipart body', async () => {
    const p = new Particle({ baseUrl: srv.url, auth: 't' });
    const firmware = Buffer.alloc(200 * 1024, 7);
    const progress: [number, number][] = [];
    await p.uploadProductFirmware({
      file: firmware,
      version: 3,
      title: 'v3',
      product: 9,
      onProgress: (sent, total) => progress.push([sent, total]),
    });
    const req = srv.requests.at(-1)!;
    const total = Number(req.headers['content-length']);
    expect(Buffer.byteLength(req.body, 'latin1')).toBeGreaterThan(0);
    expect(total).toBeGreaterThan(firmware.length);
    expect(progress[0]).toEqual([0, total]);
    expect(progress.at(-1)).toEqual([total, total]);
    expect(progress.length).toBeGreaterThan(3);
    for (let i = 1; i < progress.length; i++) expect(progress[i]![0]).toBeGreaterThan(progress[i - 1]![0]);
    expect(req.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(req.body).toMatch(/name="file"; filename="firmware.bin"/);
    expect(req.body).toMatch(/name="version"\r\n\r\n3\r\n/);
  });

  it('rejects unsupported file inputs with a clear error', async () => {
    const p = new Particle({ baseUrl: srv.url, auth: 't' });
    await expect(p.compileCode({ files: { 'x.ino': 42 as unknown as string } })).rejects.toThrow(
      /file must be a path, Buffer/,
    );
  });
});
