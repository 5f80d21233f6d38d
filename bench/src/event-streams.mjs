// 4. Event streams: delivery rate and memory for many small SSE events, @skyport/particle vs particle-api-js.
// One stream per client is a single sample of a rate that swings with the shared machine's load (and with when V8
// optimises each client's parser), so a full run takes several rounds, alternating which client goes first, and
// compares the clients round by round.
import { fileURLToPath } from 'node:url';
import { runWorker, startServerProcess } from './lib/child.mjs';
import { median } from './lib/stats.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const OFFICIAL = 'particle-api-js';
const clients = [OFFICIAL, '@skyport/particle'];

async function runClient(client, port, count) {
  try {
    return await runWorker(here('./workers/events.mjs'), [client, `http://127.0.0.1:${port}`, String(count)]);
  } catch (error) {
    return { available: false, reason: error.message.split('\n')[0] };
  }
}

/** Per-round ratios of `key` (client ÷ official), from the rounds where both delivered a figure. */
function pairedRatios(runs, officialRuns, key) {
  const ratios = [];
  for (let i = 0; i < runs.length; i++) {
    const mine = runs[i]?.[key];
    const theirs = officialRuns[i]?.[key];
    if (typeof mine === 'number' && typeof theirs === 'number' && theirs > 0) ratios.push(mine / theirs);
  }
  return ratios;
}

/** One row per client: medians of the rates, the worst round for lost events and memory, every round kept. */
export function summarise(client, runs, officialRuns) {
  const ok = runs.filter((r) => r.available);
  if (ok.length === 0) return { client, available: false, reason: runs[0]?.reason ?? 'no run' };
  const worst = ok.reduce((a, b) => (b.lost > a.lost ? b : a));
  const row = {
    client,
    available: true,
    rounds: ok.length,
    sent: worst.sent,
    delivered: worst.delivered,
    lost: worst.lost,
    gaps: Math.max(...ok.map((r) => r.gaps)),
    eventsPerSecond: median(ok.map((r) => r.eventsPerSecond).filter((v) => typeof v === 'number')) ?? null,
    cpuMicrosPerEvent:
      median(ok.map((r) => r.cpuMicrosPerEvent).filter((v) => typeof v === 'number')) ?? null,
    peakHeapMiB: Math.max(...ok.map((r) => r.peakHeapMiB)),
    peakRssMiB: Math.max(...ok.map((r) => r.peakRssMiB)),
    runs: ok.map(({ eventsPerSecond, cpuMicrosPerEvent, lost }) => ({
      eventsPerSecond,
      cpuMicrosPerEvent,
      lost,
    })),
  };
  if (client !== OFFICIAL) {
    const throughput = pairedRatios(runs, officialRuns, 'eventsPerSecond');
    const cpu = pairedRatios(runs, officialRuns, 'cpuMicrosPerEvent');
    if (throughput.length > 0) row.pairedThroughputRatio = median(throughput);
    if (cpu.length > 0) row.pairedCpuRatio = median(cpu);
  }
  return row;
}

export async function eventStreams({ quick }) {
  const count = quick ? 2000 : 100_000;
  const rounds = quick ? 1 : 7;
  const server = await startServerProcess(here('./servers/floor.mjs'), [], { EVENT_COUNT: String(count) });
  const runs = Object.fromEntries(clients.map((c) => [c, []]));
  try {
    for (let round = 0; round < rounds; round++) {
      // Alternate the order so neither client always runs right after the other's process.
      const order = round % 2 === 0 ? clients : [...clients].reverse();
      for (const client of order) runs[client].push(await runClient(client, server.port, count));
    }
  } finally {
    await server.stop();
  }
  return { count, rounds, results: clients.map((c) => summarise(c, runs[c], runs[OFFICIAL])) };
}
