// Measures what importing the client and creating one costs a Node process: time and RSS over a bare `node`, the
// median of several fresh processes. Against the BUILT package. Usage: node packages/genesys-cloud/scripts/import-cost.mjs
import { execFileSync } from 'node:child_process';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const probe = (body) => `
  const m0 = process.memoryUsage().rss; const t0 = performance.now();
  ${body}
  const t1 = performance.now();
  console.log(JSON.stringify({ ms: t1 - t0, rss: process.memoryUsage().rss - m0 }));`;
const cases = {
  'bare node': '',
  '@skyport/genesys-cloud: createClient + getUsersMe import': `
    const { createClient } = await import('@skyport/genesys-cloud');
    const { getUsersMe } = await import('@skyport/genesys-cloud/users');
    createClient({ auth: 't' }); void getUsersMe;`,
  'purecloud-platform-client-v2 (if installed)': `
    try { const p = (await import('purecloud-platform-client-v2')).default; p.ApiClient.instance; } catch {}`,
};
const runs = Number(process.argv[2] ?? 7);
const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const [name, body] of Object.entries(cases)) {
  const samples = Array.from({ length: runs }, () =>
    JSON.parse(
      execFileSync(process.execPath, ['--input-type=module', '-e', probe(body)], { cwd: here }).toString(),
    ),
  );
  console.log(
    `${name.padEnd(58)} ${median(samples.map((s) => s.ms))
      .toFixed(1)
      .padStart(7)} ms  ${(median(samples.map((s) => s.rss)) / 2 ** 20).toFixed(1).padStart(6)} MB`,
  );
}
