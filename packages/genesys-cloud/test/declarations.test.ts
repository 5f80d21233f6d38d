// The built declaration files as a TypeScript user's project meets them: strict, NodeNext resolution and
// skipLibCheck off, so an error anywhere in dist/*.d.ts fails here (it would fail the user's `tsc`).
// Needs `npm run build -w @skyport/genesys-cloud` first.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const coreDir = fileURLToPath(new URL('../../core', import.meta.url));

const source = `
import { createClient, paginate, type GenesysClient } from '@skyport/genesys-cloud';
import { createClient as createModularClient, pkce } from '@skyport/genesys-cloud/modular';
import platformClient from '@skyport/genesys-cloud/compat';
import { withApis } from '@skyport/genesys-cloud/facade';
import { getUsersMe } from '@skyport/genesys-cloud/users';
import { getRoutingQueues } from '@skyport/genesys-cloud/routing';
import * as conversations from '@skyport/genesys-cloud/conversations';

const client: GenesysClient = createClient({ environment: 'mypurecloud.ie', auth: 'token' });
export async function run(): Promise<unknown[]> {
  const me = await getUsersMe(client, { expand: ['presence'] });
  const api = withApis(client);
  const viaFacade = await api.users.getUsersMe();
  const viaCompat = await new platformClient.UsersApi().getUsersMe({ expand: ['presence'] });
  const names: string[] = [];
  for await (const q of paginate(client, getRoutingQueues, { pageSize: 100 })) names.push(q.name ?? '');
  // An operation declared under Analytics and re-exported by Conversations, with its options type.
  const options: conversations.PostAnalyticsConversationsDetailsQueryOptions = {
    body: { interval: '2026-11-01T00:00:00Z/2026-11-02T00:00:00Z' },
  };
  await conversations.postAnalyticsConversationsDetailsQuery(client, options);
  const modular = createModularClient({ auth: pkce({ clientId: 'c', redirectUri: 'https://app.example/' }) });
  return [me.id, viaFacade.id, viaCompat.id, names, modular.environment.apiUrl];
}
`;

async function tsc(dir: string): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', dir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c) => {
    output += c;
  });
  child.stderr.on('data', (c) => {
    output += c;
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, output };
}

describe('declaration files', () => {
  let dir: string | undefined;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('type-check in a strict NodeNext project with skipLibCheck off', async () => {
    dir = await mkdtemp(join(tmpdir(), 'skyport-dts-'));
    // The packages as an installed app sees them; TypeScript follows the links to their real folders.
    await mkdir(join(dir, 'node_modules/@skyport'), { recursive: true });
    await symlink(packageDir, join(dir, 'node_modules/@skyport/genesys-cloud'), 'dir');
    await symlink(coreDir, join(dir, 'node_modules/@skyport/core'), 'dir');
    await writeFile(join(dir, 'package.json'), '{ "type": "module" }\n');
    await writeFile(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          target: 'es2022',
          module: 'nodenext',
          moduleResolution: 'nodenext',
          esModuleInterop: true,
          noEmit: true,
          skipLibCheck: false,
          types: [],
        },
        files: ['index.ts'],
      }),
    );
    await writeFile(join(dir, 'index.ts'), source);
    const { code, output } = await tsc(dir);
    expect(output.split('\n').filter((l) => l.includes('error TS'))).toEqual([]);
    expect(code).toBe(0);
  }, 180_000);
});
