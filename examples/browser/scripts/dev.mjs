#!/usr/bin/env node
// `npm run dev`: starts the Skyport sandbox and the Vite dev server together, pointed at each other.
//   --port <n>          sandbox port (default 4010; 0 picks a free one)
//   --vite-port <n>     dev server port (default 5173)
//   --publish-every <ms> how often the sandbox's online devices publish `temp` (default 5000; 0 = never)
import { parseArgs } from 'node:util';
import { startSandbox } from '@skyport/sandbox';
import { createServer } from 'vite';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4010' },
    'vite-port': { type: 'string', default: '5173' },
    'publish-every': { type: 'string', default: '5000' },
  },
});

function port(name, value) {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    console.error(`--${name} must be a port number from 0 to 65535 (got ${JSON.stringify(value)})`);
    process.exit(2);
  }
  return n;
}

const publishIntervalMs = Number(values['publish-every']);
if (!Number.isInteger(publishIntervalMs) || publishIntervalMs < 0) {
  console.error(`--publish-every must be a whole number of milliseconds (got ${values['publish-every']})`);
  process.exit(2);
}

const sandbox = await startSandbox({ port: port('port', values.port), particle: { publishIntervalMs } });
const vite = await createServer({
  root: new URL('..', import.meta.url).pathname,
  define: { 'import.meta.env.VITE_SANDBOX_URL': JSON.stringify(sandbox.url) },
  server: { port: port('vite-port', values['vite-port']), host: '127.0.0.1', strictPort: false },
});
await vite.listen();

const page = vite.resolvedUrls?.local[0] ?? '(see above)';
const gc = sandbox.genesys.users[0];
console.log(`
  Skyport browser example

  page      ${page}
  sandbox   ${sandbox.url}

  Genesys Cloud sign-in   ${gc.username} / ${gc.password}
  Particle sign-in        ${sandbox.particle.username} / ${sandbox.particle.password}

  Press Ctrl-C to stop both.
`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await Promise.allSettled([vite.close(), sandbox.close()]);
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
