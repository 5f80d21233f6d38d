// Subscribes one client to an SSE stream of `count` events and reports how many were delivered, the delivery
// rate and memory. The server ends with a `bench-end` event; events missing by then are reported as lost.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const [name, baseUrl, countArg] = process.argv.slice(2);
const count = Number(countArg);

let peakHeap = 0;
const sample = () => {
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
};
const sampler = setInterval(sample, 20);

async function load() {
  if (name === 'particle-api-js') return require('particle-api-js');
  try {
    return (await import('@skyport/particle')).Particle;
  } catch (error) {
    console.log(
      JSON.stringify({ available: false, reason: `@skyport/particle: ${error.message.split('\n')[0]}` }),
    );
    process.exit(0);
  }
}

const Particle = await load();
let t0;
let tLast;
let cpu0;
let cpuLast;
let received = 0;
let outOfOrder = 0;
let expected = 0;
const heapBefore = process.memoryUsage().heapUsed;
let stream;
await new Promise((resolve, reject) => {
  const timer = setTimeout(
    () => reject(new Error(`no bench-end event after 300 s (${received} of ${count} events delivered)`)),
    300_000,
  );
  const onEvent = (event) => {
    if (event.name === 'bench-end') {
      clearTimeout(timer);
      resolve();
      return;
    }
    const now = process.hrtime.bigint();
    if (t0 === undefined) {
      t0 = now;
      cpu0 = process.cpuUsage();
    }
    tLast = now;
    // Sampled every 1,000 events (and at the end below) so the measurement itself stays out of the figure.
    if (received % 1000 === 0) cpuLast = process.cpuUsage(cpu0);
    received++;
    // Events carry their sequence number; count the ones that arrive after a gap or out of order.
    const n = Number(event.data);
    if (n !== expected) outOfOrder++;
    expected = n + 1;
  };
  new Particle({ baseUrl })
    .getEventStream({ auth: 'bench-token' })
    .then((s) => {
      stream = s;
      s.on('event', onEvent);
    })
    .catch(reject);
});
stream.abort();
sample();
clearInterval(sampler);
const seconds = Number(tLast - t0) / 1e9;
const cpuMicros = cpuLast ? cpuLast.user + cpuLast.system : null;
console.log(
  JSON.stringify({
    available: true,
    sent: count,
    delivered: received,
    lost: count - received,
    gaps: outOfOrder,
    // From the first delivered event to the last, so connection set-up and the server's start delay don't count.
    eventsPerSecond: received > 1 ? (received - 1) / seconds : null,
    // Client CPU (user + system) from the first event to the last sampled one, per event.
    cpuMicrosPerEvent:
      cpuMicros !== null && received > 1000 ? cpuMicros / (Math.floor(received / 1000) * 1000) : null,
    heapBeforeMiB: heapBefore / 2 ** 20,
    peakHeapMiB: peakHeap / 2 ** 20,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
  }),
);
process.exit(0);
