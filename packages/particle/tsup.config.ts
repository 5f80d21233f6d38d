import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';
import { defineConfig } from 'tsup';

// ESM entry exports `default` and `Particle`; the CJS entry sets module.exports to the class itself,
// like particle-api-js, so `const Particle = require('@skyport/particle')` works. The browser ESM build swaps
// src/platform.ts for src/platform.browser.ts (fetch transport, no logger factory).
const browserPlatform = fileURLToPath(new URL('./src/platform.browser.ts', import.meta.url));
// Likewise src/event-data.ts (fast Particle-shape parse) for src/event-data.browser.ts (same result, fewer bytes).
const browserEventData = fileURLToPath(new URL('./src/event-data.browser.ts', import.meta.url));

// Node builds: whitespace and syntax minified (names kept; source maps point at src/). Node compiles every byte of a
// module it loads, so fewer bytes start faster. The browser build stays readable; bundlers minify it their own way.
const nodeMinify = { minifyWhitespace: true, minifySyntax: true } as const;

// One `require("@skyport/core")` per CommonJS file (esbuild writes one per source module that imports it). Node
// remembers a require's resolution only for the parent that loaded the module first, so with @skyport/core already
// loaded (an app that uses it or @skyport/genesys-cloud too) each of them resolved the package again through its
// `exports` map. Every import of it goes through one module of the bundle that requires it once and re-exports it.
const oneCoreRequire: Plugin = {
  name: 'one-core-require',
  setup(build) {
    build.onResolve({ filter: /^@skyport\/core$/ }, (args) =>
      args.namespace === 'one-require'
        ? { path: args.path, external: true }
        : { path: args.path, namespace: 'one-require' },
    );
    build.onLoad({ filter: /.*/, namespace: 'one-require' }, (args) => ({
      contents: `export * from ${JSON.stringify(args.path)};`,
      loader: 'js',
    }));
  },
};

export default defineConfig([
  {
    // Both entries in one build so they share chunks (one ParticleBase, one set of error classes).
    entry: { index: 'src/index.ts', modular: 'src/modular.ts' },
    ...nodeMinify,
    format: ['esm'],
    dts: true,
    sourcemap: true,
    clean: false, // package.json's build script empties dist first (the builds run in parallel)
    target: 'es2022',
    treeshake: true,
  },
  {
    entry: { 'index.browser': 'src/index.ts', 'modular.browser': 'src/modular.ts' },
    format: ['esm'],
    dts: false,
    sourcemap: true,
    clean: false,
    target: 'es2022',
    treeshake: true,
    platform: 'browser',
    esbuildPlugins: [
      {
        name: 'browser-platform',
        setup(build) {
          build.onResolve({ filter: /^\.\/platform\.js$/ }, () => ({ path: browserPlatform }));
          build.onResolve({ filter: /^\.\/event-data\.js$/ }, () => ({ path: browserEventData }));
        },
      },
    ],
  },
  {
    // Built from the ESM entry (no lazy-init wrappers per module, cheaper start-up); the footer makes
    // module.exports the class itself with the named exports attached, like particle-api-js.
    entry: { index: 'src/index.ts' },
    ...nodeMinify,
    format: ['cjs'],
    dts: false,
    sourcemap: true,
    target: 'es2022',
    footer: {
      js: "{const api=module.exports,P=api.Particle;for(const k of Object.keys(api))if(k!=='default')P[k]=api[k];P.default=P;module.exports=P;}",
    },
    // tsup marks dependencies external before any plugin runs unless they are listed here.
    noExternal: ['@skyport/core'],
    esbuildPlugins: [oneCoreRequire],
  },
  {
    // `require('@skyport/particle/modular')`: plain named exports (its own bundle; no footer).
    entry: { modular: 'src/modular.ts' },
    ...nodeMinify,
    format: ['cjs'],
    dts: false,
    sourcemap: true,
    target: 'es2022',
    // tsup marks dependencies external before any plugin runs unless they are listed here.
    noExternal: ['@skyport/core'],
    esbuildPlugins: [oneCoreRequire],
  },
]);
