// Load generator in its own process: autocannon against one URL, reporting requests/s and latency.
import autocannon from 'autocannon';

const [url, token, durationArg, connectionsArg, warmupArg] = process.argv.slice(2);
const load = (duration) =>
  autocannon({
    url,
    headers: { authorization: `Bearer ${token}` },
    duration,
    connections: Number(connectionsArg),
    pipelining: 1,
  });
// A warm-up round first (discarded), so the server's JIT has compiled its hot paths before the measured round.
if (Number(warmupArg) > 0) await load(Number(warmupArg));
const result = await load(Number(durationArg));
console.log(
  JSON.stringify({
    available: true,
    durationSeconds: result.duration,
    connections: result.connections,
    requests: result.requests.total,
    requestsPerSecond: result.requests.average,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  }),
);
