#!/usr/bin/env node
// The Quick start tour: starts the Skyport sandbox in-process on a free port and walks through
// the Genesys Cloud and Particle clients against it. Every line printed comes from a real call.
// A step whose package is not built in this checkout is reported as skipped, never simulated.
import pc from 'picocolors';

const out = (line = '') => process.stdout.write(`${line}\n`);
const section = (title) => out(`\n${pc.bold(pc.cyan(`━━ ${title} ━━`))}`);
const ok = (label, detail = '') => out(`  ${pc.green('✔')} ${label}${detail ? pc.dim(` — ${detail}`) : ''}`);
const info = (line) => out(`    ${pc.dim(line)}`);
const skip = (label, why) => out(`  ${pc.yellow('○')} ${label} ${pc.yellow(`(skipped: ${why})`)}`);

class TourError extends Error {
  constructor(step, cause) {
    super(`${step} failed: ${describe(cause)}`, { cause });
    this.step = step;
  }
}

function describe(err) {
  if (!(err instanceof Error)) return String(err);
  const status = err.statusCode ?? err.status;
  const body = err.body ? ` ${JSON.stringify(err.body)}` : '';
  return `${err.message}${status ? ` (HTTP ${status})` : ''}${body}`;
}

async function step(label, fn) {
  try {
    return await fn();
  } catch (err) {
    throw new TourError(label, err);
  }
}

/** Imports an optional workspace package; undefined when it is not built in this checkout. */
async function optional(name) {
  try {
    return await import(name);
  } catch (err) {
    if (err?.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes(name)) return undefined;
    throw err;
  }
}

function bar(sent, total, width = 30) {
  const ratio = total > 0 ? Math.min(1, sent / total) : 1;
  const filled = Math.round(ratio * width);
  return `[${pc.green('█'.repeat(filled))}${pc.dim('░'.repeat(width - filled))}] ${String(Math.round(ratio * 100)).padStart(3)}% ${sent}/${total} bytes`;
}

/** Waits for `promise` at most `ms`, failing with `what` in the message. */
async function within(ms, what, promise) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function genesysTour(sandbox) {
  section('Genesys Cloud');
  const gcPkg = await optional('@skyport/genesys-cloud');
  if (!gcPkg) {
    skip('Genesys Cloud steps', '@skyport/genesys-cloud is not built yet');
    return;
  }
  const { createClient, paginate } = gcPkg;
  const { getUsersMe } = await import('@skyport/genesys-cloud/users');
  const { getRoutingQueues } = await import('@skyport/genesys-cloud/routing');
  const { getPresencedefinitions, patchUserPresence } = await import('@skyport/genesys-cloud/presence');

  const { loginUrl, apiUrl, clientId, clientSecret } = sandbox.genesys;
  const gc = createClient({
    apiUrl,
    loginUrl,
    retry: false,
    auth: { type: 'clientCredentials', clientId, clientSecret },
  });
  try {
    const token = await step('client-credentials login', () => gc.auth.getAccessToken());
    ok(`client-credentials login as ${pc.bold(clientId)}`, `token ${token.slice(0, 8)}…`);

    const me = await step('getUsersMe', () => getUsersMe(gc, { expand: ['presence'] }));
    const presence = me.presence?.presenceDefinition?.systemPresence ?? '(not in the answer)';
    ok(`getUsersMe: ${pc.bold(me.name)} <${me.email}>`, `presence ${presence}`);

    const pageSize = 5;
    const maxPages = 2;
    const queues = [];
    let pagesRead = 0;
    let pageCount = 0;
    await step('listing routing queues', async () => {
      for await (const page of paginate(gc, getRoutingQueues, {}, { pageSize }).pages()) {
        pagesRead = page.index;
        pageCount = page.response.pageCount;
        queues.push(...page.items);
        if (page.index >= maxPages) break;
      }
    });
    ok(
      `routing queues: first ${pagesRead} page(s) of ${pageSize} through the paginator`,
      `${queues.length} queues (${pageCount} pages in all)`,
    );
    for (const q of queues) info(`${q.name.padEnd(28)} ${q.id}`);

    // Presence notifications: subscribe to my presence topic, change the presence, and wait for the event.
    const topic = `v2.users.${me.id}.presence`;
    const subscription = await step('subscribing to presence notifications', () =>
      gc.notifications.subscribe([topic]),
    );
    ok(`subscribed to ${pc.bold(topic)}`, 'over a notification channel WebSocket');
    try {
      const definitions = await step('getPresencedefinitions', () => getPresencedefinitions(gc, {}));
      const target = presence === 'Away' ? 'Available' : 'Away';
      const definition = definitions.entities?.find((d) => d.systemPresence === target);
      if (!definition) {
        throw new TourError('finding a presence', new Error(`no "${target}" presence definition`));
      }
      const arrived = (async () => {
        for await (const event of subscription) {
          if (event.eventBody?.presenceDefinition?.systemPresence === target) return event;
        }
        throw new Error('the notification stream ended');
      })();
      await step('patchUserPresence', () =>
        patchUserPresence(gc, {
          userId: me.id,
          sourceId: 'PURECLOUD',
          body: { presenceDefinition: { id: definition.id } },
        }),
      );
      ok(`patchUserPresence: ${presence} → ${pc.bold(target)}`);
      const event = await step('receiving the presence event', () =>
        within(10_000, 'the presence notification', arrived),
      );
      ok(
        `${pc.magenta('notification')} ${event.topicName}`,
        `systemPresence ${event.eventBody.presenceDefinition.systemPresence}`,
      );
    } finally {
      await subscription.unsubscribe();
    }
  } finally {
    await gc.close();
  }
}

async function particleTour(sandbox, Particle) {
  section('Particle Cloud');
  if (!sandbox.particle) {
    skip('Particle steps', 'this sandbox build has no Particle side');
    return;
  }
  const particle = new Particle({ baseUrl: sandbox.particle.apiUrl });
  const { username, password } = sandbox.particle;

  const login = await step('login', () => particle.login({ username, password }));
  const auth = login.body.access_token;
  ok(
    `logged in as ${pc.bold(username)}`,
    `token ${auth.slice(0, 8)}…, expires in ${login.body.expires_in} s`,
  );

  const devices = (await step('listDevices', () => particle.listDevices({ auth }))).body;
  ok(`listDevices: ${devices.length} devices`);
  for (const d of devices) {
    info(
      `${d.online ? pc.green('●') : pc.red('○')} ${d.name.padEnd(10)} ${d.id}  ${d.online ? 'online' : 'offline'}`,
    );
  }
  const device = devices.find((d) => d.online);
  if (!device) throw new TourError('choosing a device', new Error('the sandbox has no online device'));

  const called = await step('callFunction', () =>
    particle.callFunction({ deviceId: device.id, name: 'led', argument: 'on', auth }),
  );
  ok(`callFunction ${device.name}.led("on")`, `return_value ${called.body.return_value}`);

  const variable = await step('getVariable', () =>
    particle.getVariable({ deviceId: device.id, name: 'temp', auth }),
  );
  ok(`getVariable ${device.name}.temp`, `${variable.body.result}`);

  const wanted = 3;
  const ac = new AbortController();
  const received = [];
  const listening = step('subscribing to events', async () => {
    for await (const e of particle.events({ deviceId: 'mine', name: 'tour', auth, signal: ac.signal })) {
      received.push(e);
      info(
        `${pc.magenta('event')} ${e.name} ${JSON.stringify(e.data)} from ${e.coreid} at ${e.published_at}`,
      );
      if (received.length >= wanted) break;
    }
  });
  ok('subscribed to my devices’ "tour" events');
  // Give the stream a moment to open before publishing into it.
  await new Promise((r) => setTimeout(r, 300));
  for (let i = 1; i <= wanted; i++) {
    await step('publishEvent', () =>
      particle.publishEvent({ name: 'tour', data: `hello ${i}`, isPrivate: true, auth }),
    );
  }
  const timeout = setTimeout(() => ac.abort(), 10_000);
  try {
    await listening;
  } catch (err) {
    if (!ac.signal.aborted) throw err;
  } finally {
    clearTimeout(timeout);
  }
  if (received.length < wanted) {
    throw new TourError(
      'receiving events',
      new Error(`only ${received.length} of ${wanted} events arrived in 10 s`),
    );
  }
  ok(`received ${received.length} live events`);

  const firmware = Buffer.from(
    `// Skyport tour firmware\nvoid setup() { Particle.function("led", led); }\nvoid loop() {}\n${'// padding\n'.repeat(400)}`,
  );
  let lastLine = '';
  const interactive = process.stdout.isTTY;
  const flashed = await step('flashDevice', () =>
    particle.flashDevice({
      deviceId: device.id,
      files: { 'tour.ino': firmware },
      auth,
      onProgress: (sent, total) => {
        const line = bar(sent, total);
        if (line === lastLine) return;
        lastLine = line;
        if (interactive) process.stdout.write(`\r    ${line}`);
      },
    }),
  );
  if (interactive) process.stdout.write('\n');
  else info(lastLine);
  ok(`flashDevice ${device.name}`, flashed.body.status ?? JSON.stringify(flashed.body));
}

/** `--sandbox-url <url>` (or SKYPORT_SANDBOX_URL): a running `skyport sandbox` instead of an in-process one. */
function sandboxUrlOption(argv) {
  const i = argv.indexOf('--sandbox-url');
  const given = i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith('--sandbox-url='))?.slice(14);
  const url = given ?? process.env.SKYPORT_SANDBOX_URL;
  if (url === undefined) return undefined;
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('not http');
  } catch {
    throw new TourError(
      'reading the options',
      new Error(`--sandbox-url must be an http(s) URL (got "${url}")`),
    );
  }
  return url.replace(/\/+$/, '');
}

/** A running sandbox, signed in to with its seeded credentials (overridable with the CLI's environment variables). */
function runningSandbox(url) {
  const env = process.env;
  return {
    url,
    genesys: {
      apiUrl: url,
      loginUrl: `${url}/login`,
      clientId: env.SKYPORT_CLIENT_ID ?? 'sandbox-client-credentials',
      clientSecret: env.SKYPORT_CLIENT_SECRET ?? 'sandbox-secret',
    },
    particle: {
      apiUrl: url,
      username: env.PARTICLE_USERNAME ?? 'dev@example.com',
      password: env.PARTICLE_PASSWORD ?? 'sandbox-password',
    },
    close: async () => {},
  };
}

async function main() {
  out(pc.bold('Skyport Quick start tour'));
  const externalUrl = sandboxUrlOption(process.argv.slice(2));
  let sandbox;
  if (externalUrl) {
    sandbox = runningSandbox(externalUrl);
    ok(`using the sandbox at ${pc.underline(sandbox.url)}`);
  } else {
    const sandboxPkg = await optional('@skyport/sandbox');
    if (!sandboxPkg) {
      out(
        pc.yellow(
          '\n@skyport/sandbox is not built in this checkout, so there is no server to run the tour against.',
        ),
      );
      out(pc.yellow('Every step was skipped; run `npm run build` once the sandbox package exists.'));
      return;
    }
    sandbox = await step('starting the sandbox', () => sandboxPkg.startSandbox({ port: 0 }));
    ok(`sandbox listening on ${pc.underline(sandbox.url)}`);
  }
  try {
    await genesysTour(sandbox);
    const particlePkg = await optional('@skyport/particle');
    if (particlePkg) await particleTour(sandbox, particlePkg.Particle);
    else {
      section('Particle Cloud');
      skip('Particle steps', '@skyport/particle is not built yet');
    }
  } finally {
    await sandbox.close();
  }
  out(`\n${pc.bold(pc.green('Tour complete.'))}`);
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(
      `\n${pc.red(pc.bold('✖ Tour stopped:'))} ${pc.red(err instanceof Error ? err.message : String(err))}\n`,
    );
    if (process.env.SKYPORT_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    process.exit(1);
  },
);
