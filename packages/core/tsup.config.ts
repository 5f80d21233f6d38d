import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';
import { defineConfig, type Options } from 'tsup';

// Two self-contained builds (no shared chunk), so each entry carries only its platform's code:
// - index: Node (undici transport, file logging and token store, config files, node:crypto WebCrypto);
// - index.browser: browsers/workers (global fetch, console/function logging), nothing from node:*, undici or ini.
// The package script empties dist first (the builds run in parallel).
const nodeCrypto = fileURLToPath(new URL('./src/platform/webcrypto.node.ts', import.meta.url));
// Likewise streaming/body-text.ts (TextDecoder) for its .node twin (node:string_decoder).
const nodeBodyText = fileURLToPath(new URL('./src/streaming/body-text.node.ts', import.meta.url));

// Packages bundled into the Node build (see noExternal): their licenses ship in dist/THIRD_PARTY_LICENSES.txt.
const bundled = ['ini', 'eventsource-parser'];
const requireHere = createRequire(import.meta.url);
function writeThirdPartyLicenses(): void {
  const texts = bundled.map((name) => {
    const dir = dirname(requireHere.resolve(`${name}/package.json`));
    const { version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string };
    return `${name}@${version}\n\n${readFileSync(join(dir, 'LICENSE'), 'utf8').trim()}\n`;
  });
  writeFileSync(
    fileURLToPath(new URL('./dist/THIRD_PARTY_LICENSES.txt', import.meta.url)),
    `The Node build of @skyport/core (dist/index.js, dist/index.cjs) includes these packages:\n\n${texts.join('\n---\n\n')}`,
  );
}

// ini's module body (its functions and exports object) runs when the first config file is parsed, not at import
// (about 1M instructions of every start-up under callgrind): config/parse.ts's import of `ini` resolves to this
// wrapper, which requires the bundled package on first use. A new import from `ini` fails the build here.
const iniOnFirstUse: Plugin = {
  name: 'ini-on-first-use',
  setup(build) {
    build.onResolve({ filter: /^ini$/ }, (args) =>
      args.namespace === 'ini-on-first-use' ? undefined : { path: 'ini', namespace: 'ini-on-first-use' },
    );
    build.onLoad({ filter: /.*/, namespace: 'ini-on-first-use' }, () => ({
      contents:
        "let ini; export const parse = (text, options) => (ini ??= require('ini')).parse(text, options);",
      loader: 'js',
      resolveDir: fileURLToPath(new URL('.', import.meta.url)),
    }));
  },
};

const common: Options = {
  format: ['esm', 'cjs'],
  sourcemap: true,
  clean: false,
  target: 'es2022',
  treeshake: true,
  splitting: false,
  // The CommonJS output loads lazily imported modules (undici's parts, node:fs/promises…) with require():
  // import() from CommonJS starts Node's ESM loader first (measured: first answer 12-15 ms later). A bundler
  // bundling the CommonJS build leaves those requires to run time; the ESM build keeps import().
  esbuildOptions(options, context) {
    if (context.format === 'cjs') options.supported = { ...options.supported, 'dynamic-import': false };
  },
};

export default defineConfig([
  {
    ...common,
    entry: { index: 'src/index.ts' },
    dts: { entry: { index: 'src/index.ts' } },
    platform: 'node',
    // Whitespace and syntax minified (names kept; source maps point at src/): Node compiles every byte of the
    // module at require/import, and the output is pure ASCII (one non-ASCII character in a kept comment made Node
    // decode the whole file as UTF-16). The browser build stays readable; bundlers minify it their own way.
    minifyWhitespace: true,
    minifySyntax: true,
    // import.meta.url in the CommonJS output (platform/webcrypto.node.ts loads node:crypto on first use).
    shims: true,
    // Small pure-JS dependencies are part of the Node build: resolving and loading each package at start-up
    // (ini is CommonJS, which an ESM import also has to analyse) cost more than their code.
    noExternal: bundled,
    banner: {
      js: `/*! Includes ${bundled.join(' and ')}: see THIRD_PARTY_LICENSES.txt beside this file. */`,
    },
    onSuccess: async () => writeThirdPartyLicenses(),
    esbuildPlugins: [
      iniOnFirstUse,
      {
        name: 'node-webcrypto',
        setup(build) {
          build.onResolve({ filter: /platform\/webcrypto\.js$/ }, () => ({ path: nodeCrypto }));
          build.onResolve({ filter: /^\.\/body-text\.js$/ }, () => ({ path: nodeBodyText }));
        },
      },
    ],
  },
  {
    ...common,
    entry: { 'index.browser': 'src/index.browser.ts' },
    dts: { entry: { 'index.browser': 'src/index.browser.ts' } },
    platform: 'browser',
  },
]);
