import { readdirSync } from 'node:fs';
import { defineConfig } from 'tsup';

// One entry per generated tag module (`@skyport/genesys-cloud/users` → dist/api/users.js), so an app that imports
// a few functions bundles only those modules. Code shared by several entries goes to common chunks (splitting).
const tagEntries = Object.fromEntries(
  readdirSync('src/generated/api')
    .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
    .map((f) => [`api/${f.slice(0, -3)}`, `src/generated/api/${f}`]),
);

export default defineConfig({
  entry: {
    // The modern client: Node (undici, ws) and browser (fetch, native WebSocket) builds.
    index: 'src/index.ts',
    'index.browser': 'src/index.browser.ts',
    // Every API bound to a client (gc.users.getUsersMe()).
    facade: 'src/facade.ts',
    ...tagEntries,
    // purecloud-platform-client-v2 drop-in (src/compat): Node and browser builds.
    compat: 'src/compat/index.ts',
    'compat.browser': 'src/compat/index.browser.ts',
  },
  format: ['esm', 'cjs'],
  splitting: true,
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  treeshake: true,
});
