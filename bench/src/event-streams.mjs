// 4. Event streams: delivery rate and memory for many small SSE events, @skyport/particle vs particle-api-js.
import { fileURLToPath } from 'node:url';
import { runWorker, startServerProcess } from './lib/child.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

export async function eventStreams({ quick }) {
  const count = quick ? 2000 : 100_000;
  const server = await startServerProcess(here('./servers/floor.mjs'), [], { EVENT_COUNT: String(count) });
  const results = [];
  try {
    for (const client of ['particle-api-js', '@skyport/particle']) {
      try {
        results.push({
          client,
          ...(await runWorker(here('./workers/events.mjs'), [
            client,
            `http://127.0.0.1:${server.port}`,
            String(count),
          ])),
        });
      } catch (error) {
        results.push({ client, available: false, reason: error.message.split('\n')[0] });
      }
    }
  } finally {
    await server.stop();
  }
  return { count, results };
}
