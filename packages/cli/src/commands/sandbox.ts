import { Command } from 'commander';
import { UsageError } from '../errors.js';

export function sandboxCommand(): Command {
  return new Command('sandbox')
    .description('run the Genesys Cloud + Particle emulator in the foreground until Ctrl-C')
    .option('--port <port>', 'port to listen on (0 picks a free one)', '4010')
    .option('--seed <n>', 'seed of the generated data', '1')
    .action(async (o: { port: string; seed: string }) => {
      const port = Number(o.port);
      const seed = Number(o.seed);
      if (!/^\d+$/.test(o.port) || port > 65535)
        throw new UsageError(`--port must be 0..65535 (got "${o.port}")`);
      if (!/^\d+$/.test(o.seed))
        throw new UsageError(`--seed must be a non-negative integer (got "${o.seed}")`);
      const { startSandbox } = await import('@skyport/sandbox');
      const sandbox = await startSandbox({ port, seed });
      const lines = [
        `Skyport sandbox listening on ${sandbox.url}`,
        `  Genesys Cloud  login ${sandbox.genesys.loginUrl}  API ${sandbox.genesys.apiUrl}/api/v2`,
        `                 client id ${sandbox.genesys.clientId}  secret ${sandbox.genesys.clientSecret}`,
        sandbox.particle
          ? `  Particle       API ${sandbox.particle.apiUrl}  user ${sandbox.particle.username}  password ${sandbox.particle.password}`
          : '  Particle       (not in this sandbox build)',
        `Use it:  skyport login --env sandbox --sandbox-url ${sandbox.url} --client-credentials --client-id ${sandbox.genesys.clientId}`,
        'Ctrl-C to stop.',
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await sandbox.close();
      process.stdout.write('sandbox stopped\n');
    });
}
