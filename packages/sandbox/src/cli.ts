#!/usr/bin/env node
import { startSandbox } from './server.js';

function usage(message: string): never {
  process.stderr.write(
    `skyport-sandbox: ${message}\nusage: skyport-sandbox [--port 4010] [--seed N] [--rate-limit 300/min] [--token-ttl 86400]\n`,
  );
  process.exit(2);
}

function parse(argv: string[]) {
  const out: { port: number; seed: number; rateLimitPerMinute: number; tokenTtlSeconds: number } = {
    port: 4010,
    seed: 1,
    rateLimitPerMinute: 300,
    tokenTtlSeconds: 86400,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (value === undefined) usage(`${flag} needs a value`);
    i++;
    const int = (v: string) => {
      if (!/^\d+$/.test(v)) usage(`${flag} must be a non-negative integer (got ${v})`);
      return Number(v);
    };
    if (flag === '--port') out.port = int(value);
    else if (flag === '--seed') out.seed = int(value);
    else if (flag === '--token-ttl') out.tokenTtlSeconds = int(value);
    else if (flag === '--rate-limit') out.rateLimitPerMinute = int(value.replace(/\/min$/, ''));
    else usage(`unknown option ${flag}`);
  }
  return out;
}

const sandbox = await startSandbox(parse(process.argv.slice(2)));
process.stdout.write(
  [
    `Skyport sandbox listening on ${sandbox.url}`,
    `Genesys login:  ${sandbox.genesys.loginUrl}   API: ${sandbox.genesys.apiUrl}/api/v2`,
    `  client credentials: ${sandbox.genesys.clientId} / ${sandbox.genesys.clientSecret}`,
    `  official SDK: client.setGateway({ host: '${new URL(sandbox.url).hostname}', protocol: 'http', port: ${new URL(sandbox.url).port}, path_params_login: 'login', path_params_api: '' })`,
    `Particle API:   ${sandbox.particle.apiUrl} (user ${sandbox.particle.username} / ${sandbox.particle.password}); new Particle({ baseUrl: '${sandbox.url}' })`,
    `Admin API:      ${sandbox.url}/__sandbox/ (faults, reset, requests, tokens/revoke, clock)`,
    '',
  ].join('\n'),
);
const stop = () => {
  sandbox.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
