// Runs one client in a fresh process: warm-up, then `count` requests at `concurrency`, and reports the process's
// CPU time (user + system) per request and the achieved request rate.
import { clients, NotAvailable } from './clients.mjs';

const [name, baseUrl, countArg, concurrencyArg, warmupArg] = process.argv.slice(2);
const count = Number(countArg);
const concurrency = Number(concurrencyArg);
const warmup = Number(warmupArg);

async function drive(call, total, parallel) {
  let next = 0;
  let checked = false;
  const lane = async () => {
    while (next < total) {
      next++;
      const body = await call();
      if (!checked) {
        checked = true;
        if (!body || typeof body !== 'object')
          throw new Error(`${name} resolved to ${typeof body}, not a JSON body`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, total) }, lane));
}

try {
  const call = await clients[name](baseUrl);
  await drive(call, warmup, concurrency);
  globalThis.gc?.();
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  await drive(call, count, concurrency);
  const wallNs = Number(process.hrtime.bigint() - t0);
  const cpu = process.cpuUsage(cpu0);
  console.log(
    JSON.stringify({
      available: true,
      requests: count,
      cpuUsPerRequest: (cpu.user + cpu.system) / count,
      requestsPerSecond: count / (wallNs / 1e9),
    }),
  );
  process.exit(0);
} catch (error) {
  if (error instanceof NotAvailable) {
    console.log(JSON.stringify({ available: false, reason: error.message }));
    process.exit(0);
  }
  console.error(error);
  process.exit(1);
}
