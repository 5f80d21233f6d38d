import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';

// Bundles a small browser app from the BUILT package (as a user's bundler would see it).
const pkgDir = new URL('..', import.meta.url).pathname;

describe('browser bundle', () => {
  let code = '';
  beforeAll(() => {
    execFileSync('npm', ['run', 'build'], { cwd: pkgDir, stdio: 'ignore' });
  }, 120_000);

  it('has no Node built-ins and reports its gzip size', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'particle-browser-'));
    const entry = join(dir, 'app.js');
    writeFileSync(
      entry,
      `import Particle from '@skyport/particle';
const particle = new Particle();
const { body } = await particle.login({ username: 'a@b.c', password: 'p' });
const devices = await particle.listDevices({ auth: body.access_token });
const stream = await particle.getEventStream({ deviceId: 'mine', auth: body.access_token });
stream.on('event', (e) => console.log(e, devices));
`,
    );
    const out = await build({
      entryPoints: [entry],
      bundle: true,
      minify: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      nodePaths: [join(pkgDir, '..', '..', 'node_modules')],
      logLevel: 'silent',
    });
    code = out.outputFiles[0]!.text;
    expect(code).not.toMatch(/["']node:/);
    expect(code).not.toMatch(/require\(["'](fs|http|https|net|tls|stream|zlib)["']\)/);
    expect(code).not.toContain('undici');
    const gz = gzipSync(code).length;
    console.log(`particle browser bundle: ${code.length} bytes minified, ${gz} bytes gzip`);
    expect(gz).toBeGreaterThan(0);
  }, 60_000);
});
