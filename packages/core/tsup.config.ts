import { defineConfig } from 'tsup';

// Two entry points: index (Node, undici transport) and index.browser (global fetch, no Node built-ins).
export default defineConfig({
  entry: { index: 'src/index.ts', 'index.browser': 'src/index.browser.ts' },
  format: ['esm', 'cjs'],
  dts: { entry: { index: 'src/index.ts', 'index.browser': 'src/index.browser.ts' } },
  sourcemap: true,
  clean: true,
  target: 'es2022',
  treeshake: true,
});
