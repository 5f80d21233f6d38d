// A throwaway TypeScript project that depends on built Skyport packages, type-checked with the repository's `tsc`:
// how a user's project meets our declaration files under a given module resolution.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const packagesDir = fileURLToPath(new URL('../../', import.meta.url));
const repoModules = fileURLToPath(new URL('../../../node_modules/', import.meta.url));

/** The resolutions users' projects use: Node ESM, Node CommonJS with the legacy resolver, and bundlers. */
export const RESOLUTIONS = {
  nodenext: { type: 'module', compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext' } },
  node10: {
    type: 'commonjs',
    compilerOptions: { module: 'commonjs', moduleResolution: 'node10', esModuleInterop: true },
  },
  bundler: { type: 'module', compilerOptions: { module: 'esnext', moduleResolution: 'bundler' } },
} as const;

export type Resolution = keyof typeof RESOLUTIONS;

export interface TypecheckResult {
  /** tsc's exit code (0: no errors). */
  code: number | null;
  /** The `error TS…` lines tsc printed. */
  errors: string[];
  output: string;
}

/**
 * Writes `index.ts` (`source`) into a temporary project that has `packages` (folder names under packages/, e.g.
 * 'genesys-cloud') linked as `@skyport/<name>`, and `modules` (e.g. the official SDKs, devDependencies of the
 * repository) linked from the repository's node_modules, and runs `tsc --noEmit` on it: strict, skipLibCheck off,
 * so every declaration file the source reaches is checked. The packages must be built.
 */
export async function typecheckProject(
  source: string,
  packages: readonly string[],
  resolution: Resolution,
  modules: readonly string[] = [],
): Promise<TypecheckResult> {
  const dir = await mkdtemp(join(tmpdir(), 'skyport-tsc-'));
  try {
    await mkdir(join(dir, 'node_modules/@skyport'), { recursive: true });
    // Linked as an installed app sees them; TypeScript follows the links to the real folders, whose own
    // dependencies then resolve from the repository's node_modules.
    for (const name of packages) {
      await symlink(join(packagesDir, name), join(dir, 'node_modules/@skyport', name), 'dir');
    }
    for (const name of modules)
      await symlink(join(repoModules, name), join(dir, 'node_modules', name), 'dir');
    const { type, compilerOptions } = RESOLUTIONS[resolution];
    await writeFile(join(dir, 'package.json'), `${JSON.stringify({ type })}\n`);
    await writeFile(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          target: 'es2022',
          noEmit: true,
          skipLibCheck: false,
          types: [],
          ...compilerOptions,
        },
        files: ['index.ts'],
      }),
    );
    await writeFile(join(dir, 'index.ts'), source);
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
    return { code, errors: output.split('\n').filter((l) => l.includes('error TS')), output };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
