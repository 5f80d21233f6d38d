// Subscribes one client to an SSE stream of `count` events and reports delivery rate and memory.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const [name, baseUrl, countArg] = process.argv.slice(2);
const count = Number(countArg);

let peakHeap = 0;
const sampler = setInterval(() => {
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
}, 50);

async function subscribe(onEvent) {
  if (name === 'particle-api-js') {
    const Particle = require('particle-api-js');
    const stream = await new Particle({ baseUrl }).getEventStream({ auth: 'bench-token' });
    stream.on('event', onEvent);
    return () => stream.abort();
  }
  let mod;
  try {
    mod = await import('@skyport/particle');
  } catch (error) {
    console.log(JSON.stringify({ available: false, reason: error.message.split('\n')[0] }));
    process.exit(0);
  }
  const Particle = mod.Particle ?? mod.default;
  const stream = await new Particle({ baseUrl }).getEventStream({ auth: 'bench-token' });
  stream.on('event', onEvent);
  return () => stream.abort();
}

let t0;
let received = 0;
let lastData;
await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error(`only ${received} of ${count} events arrived`)), 120_000);
  subscribe((event) => {
    t0 ??= process.hrtime.bigint();
    received++;
    lastData = event.data;
    if (received === count) {
      clearTimeout(timer);
      resolve();
    }
  })
    .then((stop) => {
      process.once('beforeExit', stop);
    })
    .catch(reject);
});
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
clearInterval(sampler);
if (lastData !== String(count - 1)) throw new Error(`last event carried ${lastData}, expected ${count - 1}`);
console.log(
  JSON.stringify({
    available: true,
    events: received,
    // Measured from the first event to the last, so connection set-up and the server's start delay don't count.
    eventsPerSecond: (received - 1) / seconds,
    peakHeapMiB: peakHeap / 2 ** 20,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
  }),
);
process.exit(0);
