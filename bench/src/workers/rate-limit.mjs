// One Genesys client against the rate-limited sandbox: sign in with client credentials (its own token, so its
// own rate window), then `total` getUsersMe calls at `concurrency`. Reports successes, failures by status and
// the elapsed time from the first API request to the last answer.
// With ADVANCE_CLOCK_MS set (quick mode), one opening request starts the token's window and the sandbox clock
// is moved forward, so the window closes after seconds instead of a minute.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const [name, baseUrl, clientId, clientSecret, totalArg, concurrencyArg] = process.argv.slice(2);
const total = Number(totalArg);
const concurrency = Number(concurrencyArg);
const url = new URL(baseUrl);
let retries = 0;

function notAvailable(specifier, error) {
  console.log(JSON.stringify({ available: false, reason: `${specifier}: ${error.message.split('\n')[0]}` }));
  process.exit(0);
}

async function load(specifier) {
  try {
    return await import(specifier);
  } catch (error) {
    notAvailable(specifier, error);
  }
}

async function legacyStyle(platformClient) {
  const client = platformClient.ApiClient.instance;
  client.setGateway({
    host: url.hostname,
    protocol: 'http',
    port: Number(url.port),
    path_params_login: 'login',
    path_params_api: '',
  });
  await client.loginClientCredentialsGrant(clientId, clientSecret);
  const users = new platformClient.UsersApi();
  return () => users.getUsersMe();
}

const factories = {
  async '@skyport/genesys-cloud'() {
    const { createClient } = await load('@skyport/genesys-cloud');
    const { getUsersMe } = await load('@skyport/genesys-cloud/users');
    // Default settings: core's retry policy (429 honours Retry-After / inin-ratelimit-reset).
    const client = createClient({
      gateway: { host: url.hostname, protocol: 'http', port: Number(url.port), pathParamsLogin: 'login' },
      auth: { type: 'clientCredentials', clientId, clientSecret },
      hooks: {
        beforeRetry: [
          () => {
            retries++;
          },
        ],
      },
    });
    await client.auth.login();
    return () => getUsersMe(client);
  },
  async '@skyport/genesys-cloud compat'() {
    return legacyStyle(await load('@skyport/genesys-cloud/compat'));
  },
  async 'purecloud-platform-client-v2'() {
    return legacyStyle(require('purecloud-platform-client-v2'));
  },
};

const call = await factories[name]();

if (process.env.ADVANCE_CLOCK_MS) {
  await call();
  const res = await fetch(`${baseUrl}/__sandbox/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ advanceMs: Number(process.env.ADVANCE_CLOCK_MS) }),
  });
  if (!res.ok) throw new Error(`advancing the sandbox clock failed: ${res.status} ${await res.text()}`);
}

let next = 0;
let ok = 0;
const failures = {};
const t0 = process.hrtime.bigint();
const lane = async () => {
  while (next < total) {
    next++;
    try {
      const body = await call();
      if (!body || typeof body.id !== 'string')
        throw new Error(`${name}: getUsersMe resolved without a user id`);
      ok++;
    } catch (error) {
      const status = error?.status ?? error?.statusCode ?? error?.code ?? error?.name ?? 'error';
      failures[status] = (failures[status] ?? 0) + 1;
    }
  }
};
await Promise.all(Array.from({ length: Math.min(concurrency, total) }, lane));
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
console.log(
  JSON.stringify({
    available: true,
    requests: total,
    ok,
    failed: total - ok,
    failures,
    retries,
    seconds,
    okPerSecond: ok / seconds,
  }),
);
process.exit(0);
