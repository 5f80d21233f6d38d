import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'esbuild';
import { defineConfig } from 'tsup';

// One entry per generated tag module (`@skyport/genesys-cloud/users` → dist/api/users.js), so an app that imports
// a few functions bundles only those modules. Code shared by several entries goes to common chunks (splitting).
const tagEntries = Object.fromEntries(
  readdirSync('src/generated/api')
    .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
    .map((f) => [`api/${f.slice(0, -3)}`, `src/generated/api/${f}`]),
);

// The facade imports every tag module through src/generated/api/index.ts (and operations.ts). Those imports stay references to the
// built tag entries (dist/api/<tag>.js), so the facade shares their code and its namespace objects never land in the
// chunks that functional imports use (they would reference every operation and defeat tree-shaking).
const tagModulesExternal: Plugin = {
  name: 'facade-tag-modules-external',
  setup(build) {
    const ext = build.initialOptions.format === 'cjs' ? '.cjs' : '.js';
    const generated = join('src', 'generated');
    build.onResolve({ filter: /^\.\/(api\/)?[a-z0-9-]+$/ }, (args) => {
      const tag = args.path.replace(/^\.\/(api\/)?/, '');
      // api/index.ts imports './users'; operations.ts imports './api/users'.
      const fromIndex =
        args.importer.endsWith(join(generated, 'api', 'index.ts')) && !args.path.startsWith('./api/');
      const fromOperations =
        args.importer.endsWith(join(generated, 'operations.ts')) && args.path.startsWith('./api/');
      return fromIndex || fromOperations ? { path: `./api/${tag}${ext}`, external: true } : undefined;
    });
  },
};

export default defineConfig({
  entry: {
    // The modern client: Node (undici, ws) and browser (fetch, native WebSocket) builds.
    index: 'src/index.ts',
    'index.browser': 'src/index.browser.ts',
    // The modular client: one sign-in per import, notifications only when imported (Node and browser builds).
    modular: 'src/modular.ts',
    'modular.browser': 'src/modular.browser.ts',
    // Every API bound to a client (gc.users.getUsersMe()).
    facade: 'src/facade.ts',
    ...tagEntries,
    // purecloud-platform-client-v2 drop-in (src/compat): Node and browser builds.
    compat: 'src/compat/index.ts',
    'compat.browser': 'src/compat/index.browser.ts',
  },
  esbuildPlugins: [tagModulesExternal],
  format: ['esm', 'cjs'],
  splitting: true,
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  treeshake: true,
});
