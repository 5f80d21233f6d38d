// 5. Under a rate limit: `total` getUsersMe calls at 32 concurrency per client against the sandbox (its own
// process) with a tight per-token limit. Each client signs in with its own token, so each has its own rate
// window, and all of them run at the same time against the same sandbox.
import { fileURLToPath } from 'node:url';
import { runWorker, startServerProcess } from './lib/child.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
export const rateLimitClients = [
  '@skyport/genesys-cloud',
  '@skyport/genesys-cloud compat',
  'purecloud-platform-client-v2',
];

export async function rateLimit({ quick }) {
  // The sandbox's limit is a fixed 60-second window per token (Genesys's inin-ratelimit-* headers), so the run
  // needs more requests than one window allows. Quick mode shortens the first window by moving the sandbox clock.
  const total = quick ? 150 : 3000;
  const limitPerMinute = quick ? 100 : 1500;
  const concurrency = 32;
  const server = await startServerProcess(here('./servers/sandbox.mjs'), [], {
    SANDBOX_RATE_LIMIT: String(limitPerMinute),
  });
  const settings = {
    total,
    concurrency,
    limitPerMinute,
    windowSeconds: 60,
    clockAdvancedMs: quick ? 57_000 : 0,
  };
  if (!server.available) {
    return {
      ...settings,
      results: rateLimitClients.map((client) => ({ client, available: false, reason: server.reason })),
    };
  }
  const baseUrl = `http://127.0.0.1:${server.port}`;
  const run = (client) =>
    runWorker(
      here('./workers/rate-limit.mjs'),
      [client, baseUrl, server.clientId, server.clientSecret, String(total), String(concurrency)],
      { env: quick ? { ADVANCE_CLOCK_MS: String(settings.clockAdvancedMs) } : {} },
    ).then(
      (r) => ({ client, ...r }),
      (error) => ({ client, available: false, reason: error.message.split('\n')[0] }),
    );
  let results;
  try {
    // Quick mode moves the shared sandbox clock, so its clients take turns; a full run has them side by side.
    if (quick) {
      results = [];
      for (const client of rateLimitClients) results.push(await run(client));
    } else {
      results = await Promise.all(rateLimitClients.map(run));
    }
  } finally {
    await server.stop();
  }
  for (const r of results) {
    if (!r.available) continue;
    // Requests the limit allowed during the run: one full allowance per window the run touched (windows are
    // per token and start with its first request). Finishing in the fewest windows possible scores 1.
    const windows = Math.max(1, Math.ceil(r.seconds / settings.windowSeconds));
    r.windows = windows;
    r.allowedInRun = windows * limitPerMinute;
    r.shareOfAllowed = Math.min(1, r.ok / r.allowedInRun);
  }
  return { ...settings, results };
}
