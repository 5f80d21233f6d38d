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
    if (flag === '--help' || flag === '-h') {
      process.stdout.write(
        'usage: skyport-sandbox [--port 4010] [--seed N] [--rate-limit 300/min] [--token-ttl 86400]\n' +
          'Serves the Genesys Cloud login service and API and the Particle Cloud API on one port.\n',
      );
      process.exit(0);
    }
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
    `  code grant: ${sandbox.genesys.codeClientId} / ${sandbox.genesys.codeClientSecret}   PKCE (public): ${sandbox.genesys.pkceClientId}   implicit: ${sandbox.genesys.implicitClientId}`,
    `  saml2-bearer: ${sandbox.genesys.samlClientId} / ${sandbox.genesys.samlClientSecret}   redirect URIs: http://127.0.0.1:*, http://localhost:* (any port)`,
    `  users: ${sandbox.genesys.users.map((u) => `${u.username} / ${u.password} (${u.roles.join(',')})`).join(', ')}`,
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
