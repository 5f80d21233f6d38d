import { defineConfig } from 'tsup';

// The package root: the runtime that turns operation descriptors into requests.
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    // purecloud-platform-client-v2 drop-in (src/compat): Node and browser builds.
    compat: 'src/compat/index.ts',
    'compat.browser': 'src/compat/index.browser.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  treeshake: true,
});
