// Other packages of the monorepo are rebuilt while benchmarks run (tsup empties dist/ first). Before measuring,
// wait until every measured package's build output exists and has not changed for a few seconds, so a package
// caught mid-build is not reported as missing. Packages that never appear are reported "not available".
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));

export const builtEntries = {
  '@skyport/core': ['packages/core/dist/index.js', 'packages/core/dist/index.browser.js'],
  '@skyport/particle': ['packages/particle/dist/index.js', 'packages/particle/dist/index.cjs'],
  '@skyport/genesys-cloud': [
    'packages/genesys-cloud/dist/index.js',
    'packages/genesys-cloud/dist/index.cjs',
    'packages/genesys-cloud/dist/compat.js',
    'packages/genesys-cloud/dist/api/users.js',
  ],
  '@skyport/sandbox': ['packages/sandbox/dist/index.js'],
};

function newestChange(dir) {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    newest = Math.max(newest, entry.isDirectory() ? newestChange(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves to `{ [package]: true|false }` once every build is complete and quiet, or when `maxWaitMs` runs out. */
export async function waitForBuilds({ maxWaitMs, quietMs = 5000, log = () => {} }) {
  const deadline = Date.now() + maxWaitMs;
  for (;;) {
    const state = {};
    let settled = true;
    for (const [name, files] of Object.entries(builtEntries)) {
      const complete = files.every((f) => existsSync(root + f));
      const dist = root + files[0].slice(0, files[0].indexOf('/dist/') + 5);
      const quiet = Date.now() - newestChange(dist) >= quietMs;
      state[name] = complete;
      if (!complete || !quiet) settled = false;
    }
    if (settled || Date.now() >= deadline) return state;
    log(`waiting for builds: ${JSON.stringify(state)}`);
    await sleep(2000);
  }
}
