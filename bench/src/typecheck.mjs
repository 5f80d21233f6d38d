// 7. Type-checking cost: `tsc --noEmit` on a small project that imports a package's whole surface, the way an
// application's own type check pays for it. Skyport: the client, every API module, the facade (every operation) and the compat entry;
// the official package: its single declaration file (every API class and model). Each project uses what it imports so nothing is skipped.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { median } from './lib/stats.mjs';

const benchDir = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const generatedApi = fileURLToPath(
  new URL('../../packages/genesys-cloud/src/generated/api/', import.meta.url),
);

/** Every per-API module of @skyport/genesys-cloud (`@skyport/genesys-cloud/<name>`), from the generated sources. */
export function apiModules(dir = generatedApi) {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
    .map((f) => f.slice(0, -3))
    .sort();
}

/** The source of the Skyport project: every entry imported and used. */
export function skyportSource(modules) {
  const ref = (name) => {
    const i = modules.indexOf(name);
    if (i < 0) throw new Error(`@skyport/genesys-cloud/${name} is not among the API modules`);
    return `m${i}`;
  };
  return [
    "import { createClient, paginate } from '@skyport/genesys-cloud';",
    "import platformClient from '@skyport/genesys-cloud/compat';",
    "import { withApis } from '@skyport/genesys-cloud/facade';",
    ...modules.map((m, i) => `import * as m${i} from '@skyport/genesys-cloud/${m}';`),
    `export const modules = [${modules.map((_, i) => `m${i}`).join(', ')}];`,
    "const client = createClient({ environment: 'mypurecloud.ie', auth: 'token' });",
    'const api = withApis(client);',
    'export async function run(): Promise<unknown[]> {',
    `  const me = await ${ref('users')}.getUsersMe(client, { expand: ['presence'] });`,
    '  const viaFacade = await api.users.getUsersMe();',
    "  const viaCompat = await new platformClient.UsersApi().getUsersMe({ expand: ['presence'] });",
    '  const names: string[] = [];',
    `  for await (const q of paginate(client, ${ref('routing')}.getRoutingQueues, { pageSize: 100 })) names.push(q.name ?? '');`,
    '  return [me.id, viaFacade.id, viaCompat.id, names];',
    '}',
    '',
  ].join('\n');
}

const officialSource = [
  "import platformClient from 'purecloud-platform-client-v2';",
  'export async function run(): Promise<unknown[]> {',
  "  platformClient.ApiClient.instance.setEnvironment('mypurecloud.ie');",
  "  const me = await new platformClient.UsersApi().getUsersMe({ expand: ['presence'] });",
  '  const queues = await new platformClient.RoutingApi().getRoutingQueues({ pageSize: 100 });',
  '  return [me.id, queues.entities?.length];',
  '}',
  '',
].join('\n');

// A strict Node project as `tsc --init` users write it; skipLibCheck off checks every declaration file too.
function tsconfig(skipLibCheck) {
  return {
    compilerOptions: {
      strict: true,
      target: 'es2022',
      module: 'nodenext',
      moduleResolution: 'nodenext',
      esModuleInterop: true,
      noEmit: true,
      skipLibCheck,
      types: [],
    },
    files: ['index.ts'],
  };
}

/** `tsc -p dir --extendedDiagnostics`: wall time, the diagnostics tsc reports, and its errors if any. */
async function runTsc(dir) {
  const tsc = require.resolve('typescript/bin/tsc');
  const t0 = process.hrtime.bigint();
  const child = spawn(process.execPath, [tsc, '-p', dir, '--extendedDiagnostics'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (c) => {
    out += c;
  });
  child.stderr.on('data', (c) => {
    out += c;
  });
  const [code] = await once(child, 'exit');
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const stat = (name) => {
    const m = out.match(new RegExp(`^${name}:\\s+([\\d.]+)(K|s)?`, 'm'));
    return m ? Number(m[1]) : undefined;
  };
  const errors = out.split('\n').filter((l) => /error TS\d+/.test(l));
  return {
    exitCode: code,
    wallMs,
    files: stat('Files'),
    checkSeconds: stat('Check time'),
    memoryMiB: stat('Memory used') === undefined ? undefined : stat('Memory used') / 1024,
    errors,
  };
}

export async function typecheck({ quick = false } = {}) {
  const runs = quick ? 1 : 3;
  const root = `${benchDir}results/tmp/typecheck/`;
  rmSync(root, { recursive: true, force: true });
  const subjects = {
    '@skyport/genesys-cloud (client, every API module, facade, compat)': skyportSource(apiModules()),
    'purecloud-platform-client-v2': officialSource,
  };
  const results = [];
  for (const [subject, source] of Object.entries(subjects)) {
    // A quick run checks only the target's configuration (skipLibCheck off, the slower one).
    for (const skipLibCheck of quick ? [false] : [false, true]) {
      // Inside bench/ so that packages resolve from the repository's node_modules.
      const dir = `${root}${results.length}/`;
      mkdirSync(dir, { recursive: true });
      writeFileSync(`${dir}package.json`, '{ "type": "module" }\n');
      writeFileSync(`${dir}tsconfig.json`, `${JSON.stringify(tsconfig(skipLibCheck), null, 2)}\n`);
      writeFileSync(`${dir}index.ts`, source);
      const samples = [];
      let failure;
      for (let i = 0; i < runs && !failure; i++) {
        const r = await runTsc(dir);
        if (r.exitCode !== 0) failure = r.errors[0] ?? `tsc exited with ${r.exitCode}`;
        else samples.push(r);
      }
      const row = { subject, skipLibCheck, runs };
      if (failure) results.push({ ...row, available: false, reason: failure });
      else {
        results.push({
          ...row,
          available: true,
          wallMs: median(samples.map((s) => s.wallMs)),
          checkSeconds: median(samples.map((s) => s.checkSeconds)),
          memoryMiB: median(samples.map((s) => s.memoryMiB)),
          files: samples[0].files,
        });
      }
    }
  }
  rmSync(root, { recursive: true, force: true });
  return { runs, results };
}
