import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (…/main); the shared specs live next to it in ../shared. */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const sharedDir = join(repoRoot, '..', 'shared', 'genesys-cloud');
export const currentSpec = join(sharedDir, 'platform-api-v2.json');
export const spec2017 = join(sharedDir, 'publicapi-v2-2017.json');
export const committedCode = join(repoRoot, 'packages/genesys-cloud/src/generated');
export const committedTables = join(repoRoot, 'packages/genesys-cloud/tables');
export const descriptorFile = join(repoRoot, 'packages/genesys-cloud/src/runtime/descriptor.ts');

export function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `skyport-codegen-${prefix}-`));
}

/** Every file under `dir`, as sorted relative paths with `/`. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split('\\').join('/'))
    .sort();
}

/**
 * Type-checks `dir/src/**` with the repository's tsc and a small strict tsconfig. Returns tsc's output and
 * exit code (0 = no errors).
 */
export async function typecheck(
  dir: string,
  extra: Record<string, unknown> = {},
): Promise<{ code: number; output: string }> {
  await writeFile(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      extends: join(repoRoot, 'tsconfig.base.json'),
      compilerOptions: { types: [], skipLibCheck: true, ...extra },
      include: ['src/**/*.ts'],
    }),
  );
  const tsc = join(repoRoot, 'node_modules/.bin/tsc');
  const result = spawnSync(tsc, ['--noEmit', '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' });
  return { code: result.status ?? -1, output: `${result.stdout}${result.stderr}` };
}
