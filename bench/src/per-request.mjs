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
    const measure = (name, concurrency) =>
      runWorker(here('./workers/per-request.mjs'), [
        name,
        baseUrl,
        String(count),
        String(concurrency),
        String(warmup),
      ]).then((r) => ({ client: name, concurrency, ...r }));
    if (quick) {
      // Smoke run: a client's two concurrency levels side by side, to keep CI short (figures not for quoting).
      const pairs = [];
      for (const name of Object.keys(clients))
        pairs.push(await Promise.all([measure(name, 1), measure(name, 32)]));
      for (const level of [0, 1]) for (const pair of pairs) results.push(pair[level]);
    } else {
      // One client process at a time, so no two measured clients share the CPU.
      for (const concurrency of [1, 32]) {
        for (const name of Object.keys(clients)) results.push(await measure(name, concurrency));
      }
    }
  } finally {
    await server.stop();
  }
  return { count, warmup, results };
}
