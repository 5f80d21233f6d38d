// Load generator in its own process: autocannon against one URL, reporting requests/s and latency.
import autocannon from 'autocannon';

const [url, token, durationArg, connectionsArg] = process.argv.slice(2);
const result = await autocannon({
  url,
  headers: { authorization: `Bearer ${token}` },
  duration: Number(durationArg),
  connections: Number(connectionsArg),
  pipelining: 1,
});
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
