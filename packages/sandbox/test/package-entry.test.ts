import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

// The BUILT package, loaded the two ways users load it, must find the Genesys spec tables of @skyport/genesys-cloud
// on its own (no genesysTables option): a spec-driven route validates and answers. `npm test` builds first.
const pkgDir = new URL('..', import.meta.url).pathname;
const run = promisify(execFile);

// Starts the sandbox, signs in with the seeded client, then calls a route only the spec tables know (architect
// prompts) and one with a bad query value; prints both statuses and the error message.
const script = (load: string) => `
${load}.then(async ({ startSandbox }) => {
  const sb = await startSandbox();
  try {
    const basic = Buffer.from(sb.genesys.clientId + ':' + sb.genesys.clientSecret).toString('base64');
    const token = await fetch(sb.genesys.loginUrl + '/oauth/token', {
      method: 'POST',
      headers: { authorization: 'Basic ' + basic, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    }).then((r) => r.json());
    const get = (path) => fetch(sb.genesys.apiUrl + path, { headers: { authorization: 'Bearer ' + token.access_token } });
    const ok = await get('/api/v2/architect/prompts');
    const bad = await get('/api/v2/routing/queues?pageSize=abc');
    console.log(JSON.stringify({ ok: ok.status, bad: bad.status, message: (await bad.json()).message }));
  } finally {
    await sb.close();
  }
});`;

describe.each([
  ['require (CommonJS build)', 'Promise.resolve(require("@skyport/sandbox"))', []],
  ['import (ESM build)', 'import("@skyport/sandbox")', ['--input-type=module']],
])('the built package through %s', (_label, load, flags) => {
  it('serves spec-driven operations from the tables of @skyport/genesys-cloud', async () => {
    expect(existsSync(new URL('../dist/index.cjs', import.meta.url)), 'build @skyport/sandbox first').toBe(
      true,
    );
    const { stdout } = await run(process.execPath, [...flags, '-e', script(load)], {
      cwd: pkgDir,
      timeout: 60_000,
    });
    const result = JSON.parse(stdout.trim().split('\n').pop() as string);
    expect(result.ok).toBe(200);
    expect(result.bad).toBe(400);
    expect(result.message).toMatch(/pageSize/);
  }, 90_000);
});
