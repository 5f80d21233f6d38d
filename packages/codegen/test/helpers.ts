import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (…/main); the shared specs live next to it in ../shared. */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Where the Genesys Cloud definitions are: $SKYPORT_SHARED_DIR, else ../shared beside the repository, else
 * /work/shared (a clone made elsewhere on the same machine). Tests that need them skip, saying so, when none exists.
 */
function findSharedDir(): string {
  const candidates = [process.env.SKYPORT_SHARED_DIR, join(repoRoot, '..', 'shared'), '/work/shared'].filter(
    (c): c is string => !!c,
  );
  const found = candidates.find((c) => existsSync(join(c, 'genesys-cloud', 'platform-api-v2.json')));
  return join(found ?? candidates[0]!, 'genesys-cloud');
}
export const sharedDir = findSharedDir();
export const haveSpecs = existsSync(join(sharedDir, 'platform-api-v2.json'));
if (!haveSpecs) {
  console.warn(
    `codegen: no Genesys Cloud definitions at ${sharedDir}; set SKYPORT_SHARED_DIR to run the spec tests`,
  );
}
export const currentSpec = join(sharedDir, 'platform-api-v2.json');
export const spec2017 = join(sharedDir, 'publicapi-v2-2017.json');
export const committedCode = join(repoRoot, 'packages/genesys-cloud/src/generated');
export const committedTables = join(repoRoot, 'packages/genesys-cloud/tables');
export const descriptorFile = join(repoRoot, 'packages/genesys-cloud/src/runtime/descriptor.ts');
/** The compat classes' runtime (generated compat/<Tag>Api.ts files call its apiClass()). */
export const apiClassFile = join(repoRoot, 'packages/genesys-cloud/src/compat/api-class.ts');

/** Copies the hand-written files generated code imports (runtime/descriptor.ts, compat/api-class.ts) into `dir/src`. */
export async function copyRuntime(dir: string): Promise<void> {
  await mkdir(join(dir, 'src/runtime'), { recursive: true });
  await mkdir(join(dir, 'src/compat'), { recursive: true });
  await copyFile(descriptorFile, join(dir, 'src/runtime/descriptor.ts'));
  await copyFile(apiClassFile, join(dir, 'src/compat/api-class.ts'));
}

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
