#!/usr/bin/env node
// Sandbox throughput: starts the built sandbox in a child process, logs in, then loads one authenticated GET with
// autocannon from this (separate) process. Not a test; prints requests per second and latency.
//
//   npm run build -w @skyport/sandbox
//   node packages/sandbox/bench/throughput.mjs [--path /api/v2/users/me] [--duration 10] [--connections 50]
//        [--pipelining 1] [--json]
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';

const { values } = parseArgs({
  options: {
    path: { type: 'string', default: '/api/v2/users/me' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    pipelining: { type: 'string', default: '1' },
    json: { type: 'boolean', default: false },
    child: { type: 'boolean', default: false },
  },
});

if (values.child) {
  // The server side: a sandbox with a rate limit high enough not to interfere.
  const { startSandbox } = await import('../dist/index.js');
  const sb = await startSandbox({ rateLimitPerMinute: 1e9 });
  process.send?.({ url: sb.url, clientId: sb.genesys.clientId, clientSecret: sb.genesys.clientSecret });
  process.on('message', async (m) => {
    if (m === 'stop') {
      await sb.close();
      process.exit(0);
    }
  });
} else {
  const child = fork(fileURLToPath(import.meta.url), ['--child'], { stdio: 'inherit' });
  const info = await new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`sandbox process exited with ${code}`)));
  });
  try {
    const login = await fetch(`${info.url}/login/oauth/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${info.clientId}:${info.clientSecret}`).toString('base64')}`,
      },
      body: 'grant_type=client_credentials',
    });
    if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`);
    const { access_token } = await login.json();
    const check = await fetch(`${info.url}${values.path}`, {
      headers: { authorization: `Bearer ${access_token}` },
    });
    if (check.status !== 200)
      throw new Error(`GET ${values.path} answered ${check.status}: ${await check.text()}`);

    const result = await autocannon({
      url: `${info.url}${values.path}`,
      headers: { authorization: `Bearer ${access_token}` },
      duration: Number(values.duration),
      connections: Number(values.connections),
      pipelining: Number(values.pipelining),
    });
    const summary = {
      path: values.path,
      connections: Number(values.connections),
      pipelining: Number(values.pipelining),
      durationSeconds: Number(values.duration),
      requests: result.requests.total,
      requestsPerSecond: result.requests.average,
      latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
    };
    if (values.json) console.log(JSON.stringify(summary));
    else
      console.log(
        `GET ${summary.path}: ${Math.round(summary.requestsPerSecond)} req/s average over ${summary.durationSeconds}s ` +
          `(${summary.connections} connections, pipelining ${summary.pipelining}); latency p50 ${summary.latencyMs.p50} ms, ` +
          `p99 ${summary.latencyMs.p99} ms; non-2xx ${summary.non2xx}, errors ${summary.errors}, timeouts ${summary.timeouts}`,
      );
    if (summary.non2xx > 0 || summary.errors > 0) process.exitCode = 1;
  } finally {
    child.send('stop');
  }
}
