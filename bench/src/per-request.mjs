// 1. Per-request cost: client CPU per request and requests/s against a node:http server in another process.
import { fileURLToPath } from 'node:url';
import { runWorker, startServerProcess } from './lib/child.mjs';
import { clients } from './workers/clients.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

export async function perRequest({ quick }) {
  const count = quick ? 200 : 5000;
  const warmup = quick ? 30 : 1000;
  const server = await startServerProcess(here('./servers/floor.mjs'));
  const baseUrl = `http://127.0.0.1:${server.port}`;
  const results = [];
  try {
    for (const concurrency of [1, 32]) {
      for (const name of Object.keys(clients)) {
        const r = await runWorker(here('./workers/per-request.mjs'), [
          name,
          baseUrl,
          String(count),
          String(concurrency),
          String(warmup),
        ]);
        results.push({ client: name, concurrency, ...r });
      }
    }
  } finally {
    await server.stop();
  }
  return { count, warmup, results };
}
