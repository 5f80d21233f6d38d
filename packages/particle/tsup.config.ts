import { defineConfig } from 'tsup';

// ESM entry exports `default` and `Particle`; the CJS entry sets module.exports to the class itself,
// like particle-api-js, so `const Particle = require('@skyport/particle')` works.
export default defineConfig([
  {
    entry: { index: 'src/index.ts' },
    format: ['esm'],
    dts: true,
    sourcemap: true,
    clean: false, // package.json's build script empties dist first (the two builds run in parallel)
    target: 'es2022',
    treeshake: true,
  },
  {
    entry: { index: 'src/index.cts' },
    format: ['cjs'],
    dts: false,
    sourcemap: true,
    target: 'es2022',
  },
]);
