// 6. Sandbox throughput: autocannon (its own process) against GET /api/v2/users/me on the sandbox (its own
// process) with a valid token and a rate limit high enough never to answer 429.
import { fileURLToPath } from 'node:url';
import { runWorker, startServerProcess } from './lib/child.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

export async function sandboxThroughput({ quick }) {
  const settings = {
    path: '/api/v2/users/me',
    warmupSeconds: quick ? 1 : 3,
    durationSeconds: quick ? 1 : 10,
    connections: 32,
  };
  const server = await startServerProcess(here('./servers/sandbox.mjs'), [], {
    SANDBOX_RATE_LIMIT: String(1e9),
  });
  if (!server.available) return { ...settings, available: false, reason: server.reason };
  try {
    const baseUrl = `http://127.0.0.1:${server.port}`;
    const login = await fetch(`${baseUrl}/login/oauth/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${server.clientId}:${server.clientSecret}`).toString('base64')}`,
      },
      body: 'grant_type=client_credentials',
    });
    if (!login.ok) throw new Error(`sandbox login failed: ${login.status} ${await login.text()}`);
    const { access_token: token } = await login.json();
    // Check the route answers 200 before loading it, so a broken route can't pass for a fast one.
    const probe = await fetch(`${baseUrl}${settings.path}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (probe.status !== 200)
      throw new Error(`GET ${settings.path} answered ${probe.status}: ${await probe.text()}`);
    const result = await runWorker(here('./workers/autocannon.mjs'), [
      `${baseUrl}${settings.path}`,
      token,
      String(settings.durationSeconds),
      String(settings.connections),
      String(settings.warmupSeconds),
    ]);
    return { ...settings, ...result };
  } finally {
    await server.stop();
  }
}
