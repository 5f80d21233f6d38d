import { basename } from 'node:path';
import { SingleBar } from 'cli-progress';
import { Command } from 'commander';
import { particleClient } from '../context.js';
import { UsageError } from '../errors.js';
import { print, withTarget } from '../run.js';

function sourceFiles(paths: string[]): Record<string, string> {
  if (paths.length === 0) throw new UsageError('give at least one source file');
  const files: Record<string, string> = {};
  for (const p of paths) {
    const name = basename(p);
    if (files[name]) throw new UsageError(`two source files are named ${name}`);
    files[name] = p;
  }
  return files;
}

function progressBar(label: string) {
  const bar = new SingleBar({
    format: `${label} [{bar}] {percentage}% | {value}/{total} bytes`,
    stream: process.stderr,
    hideCursor: true,
    noTTYOutput: true,
    notTTYSchedule: 200,
  });
  let started = false;
  return {
    onProgress(sent: number, total: number) {
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.update(sent);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

export function particleCommand(): Command {
  const cmd = new Command('particle').description('everyday Particle device work');

  cmd
    .command('list')
    .description('list your devices')
    .option('--product <id>', 'devices of a product instead')
    .action((o: { product?: string }, c: Command) =>
      withTarget(c, async (target, opts) => {
        const { particle, auth } = await particleClient(target);
        const r = await particle.listDevices({ auth, product: o.product });
        const body = r.body as unknown;
        const rows = Array.isArray(body) ? body : ((body as { devices?: unknown[] }).devices ?? []);
        print(
          opts.output === 'table'
            ? (rows as Record<string, unknown>[]).map((d) => ({
                id: d.id,
                name: d.name,
                online: d.online,
                platform_id: d.platform_id,
                last_heard: d.last_heard,
              }))
            : body,
          opts,
        );
      }),
    );

  cmd
    .command('get <device>')
    .description('show one device (id or name)')
    .action((device: string, _o: unknown, c: Command) =>
      withTarget(c, async (target, opts) => {
        const { particle, auth } = await particleClient(target);
        print((await particle.getDevice({ deviceId: device, auth })).body, opts);
      }),
    );

  cmd
    .command('call <device> <function> [argument]')
    .description('call a cloud function and print its return value')
    .action((device: string, name: string, argument: string | undefined, _o: unknown, c: Command) =>
      withTarget(c, async (target, opts) => {
        const { particle, auth } = await particleClient(target);
        print(
          (await particle.callFunction({ deviceId: device, name, argument: argument ?? '', auth })).body,
          opts,
        );
      }),
    );

  cmd
    .command('get-var <device> <variable>')
    .description('read a cloud variable')
    .action((device: string, name: string, _o: unknown, c: Command) =>
      withTarget(c, async (target, opts) => {
        const { particle, auth } = await particleClient(target);
        print((await particle.getVariable({ deviceId: device, name, auth })).body, opts);
      }),
    );

  cmd
    .command('publish <event> [data]')
    .description('publish an event (private unless --public)')
    .option('--public', 'publish a public event')
    .action((name: string, data: string | undefined, o: { public?: boolean }, c: Command) =>
      withTarget(c, async (target, opts) => {
        const { particle, auth } = await particleClient(target);
        print((await particle.publishEvent({ name, data, isPrivate: !o.public, auth })).body, opts);
      }),
    );

  cmd
    .command('subscribe [event]')
    .description("stream your devices' events (one JSON line each) until Ctrl-C; reconnects on drops")
    .option('--device <device>', 'one device instead of all of yours', 'mine')
    .option('--count <n>', 'stop after n events')
    .action((name: string | undefined, o: { device: string; count?: string }, c: Command) =>
      withTarget(c, async (target) => {
        const count = o.count === undefined ? undefined : Number(o.count);
        if (count !== undefined && (!Number.isInteger(count) || count < 1)) {
          throw new UsageError(`--count must be a positive integer (got "${o.count}")`);
        }
        const { particle, auth } = await particleClient(target);
        const ac = new AbortController();
        const stop = () => ac.abort();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        let seen = 0;
        try {
          process.stderr.write(`subscribed to ${name ?? 'all events'} from ${o.device}\n`);
          for await (const e of particle.events({ deviceId: o.device, name, auth, signal: ac.signal })) {
            process.stdout.write(`${JSON.stringify(e)}\n`);
            if (count !== undefined && ++seen >= count) break;
          }
        } catch (err) {
          if (!ac.signal.aborted) throw err;
        } finally {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
        }
      }),
    );

  cmd
    .command('compile <platform> <files...>')
    .description('compile source files in the cloud for a platform id (e.g. 32 for P2)')
    .action((platform: string, files: string[], _o: unknown, c: Command) =>
      withTarget(c, async (target, opts) => {
        if (!/^\d+$/.test(platform))
          throw new UsageError(`platform must be a numeric platform id (got "${platform}")`);
        const { particle, auth } = await particleClient(target);
        const bar = progressBar('uploading');
        try {
          const r = await particle.compileCode({
            files: sourceFiles(files),
            platformId: Number(platform),
            auth,
            onProgress: bar.onProgress,
          });
          bar.stop();
          print(r.body, opts);
        } finally {
          bar.stop();
        }
      }),
    );

  cmd
    .command('flash <device> <files...>')
    .description('compile and flash source files to a device over the air, with a progress bar')
    .action((device: string, files: string[], _o: unknown, c: Command) =>
      withTarget(c, async (target, opts) => {
        const { particle, auth } = await particleClient(target);
        const bar = progressBar('flashing');
        try {
          const r = await particle.flashDevice({
            deviceId: device,
            files: sourceFiles(files),
            auth,
            onProgress: bar.onProgress,
          });
          bar.stop();
          print(r.body, opts);
        } finally {
          bar.stop();
        }
      }),
    );

  cmd
    .command('rename <device> <name>')
    .description('rename a device')
    .action((device: string, name: string, _o: unknown, c: Command) =>
      withTarget(c, async (target, opts) => {
        const { particle, auth } = await particleClient(target);
        print((await particle.renameDevice({ deviceId: device, name, auth })).body, opts);
      }),
    );

  cmd
    .command('claim <device>')
    .description('claim a device for your account')
    .option('--request-transfer', 'ask for a transfer if another account owns it')
    .action((device: string, o: { requestTransfer?: boolean }, c: Command) =>
      withTarget(c, async (target, opts) => {
        const { particle, auth } = await particleClient(target);
        print(
          (await particle.claimDevice({ deviceId: device, requestTransfer: o.requestTransfer, auth })).body,
          opts,
        );
      }),
    );

  cmd
    .command('remove <device>')
    .description('release a device from your account')
    .action((device: string, _o: unknown, c: Command) =>
      withTarget(c, async (target, opts) => {
        const { particle, auth } = await particleClient(target);
        print((await particle.removeDevice({ deviceId: device, auth })).body, opts);
      }),
    );

  return cmd;
}
