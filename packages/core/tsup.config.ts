import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as esbuild, type Plugin } from 'esbuild';
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
    `The Node build of @skyport/core (dist/index.js, dist/index.cjs, dist/config-files.cjs) includes these packages:\n\n${texts.join('\n---\n\n')}`,
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

// CommonJS build only: the config-file functions (loadConfig, watchConfig, useConfigFile, defaultConfigPath,
// parseConfigText, applyEnv: src/config/file.ts and parse.ts, 8 KB, with the bundled ini package 13 KB of the
// 89 KB dist/index.cjs) are dist/config-files.cjs, required on the first call. Node compiles every byte of a file it
// loads; most apps never read a config file. index.cjs keeps one small wrapper per function, and one literal
// require() that bundlers still follow. The config code shares the entry's ConfigError class and its other imports
// (node built-ins on first use, applyConfig): the entry hands them over when it loads the file (`inject`), so
// `instanceof ConfigError` holds and nothing is loaded twice. The ESM build keeps the code inline (a synchronous
// require() from ESM would go through createRequire, which bundlers do not follow).
const configFilesFile = './config-files.cjs';
const configFunctions = [
  'defaultConfigPath',
  'loadConfig',
  'useConfigFile',
  'watchConfig',
  'parseConfigText',
  'applyEnv',
] as const;
// What src/config/file.ts and parse.ts import from the rest of the package, by module (esbuild fails the build if
// they import a name not listed here).
const configShared: Record<string, string[]> = {
  '../errors/index.js': ['ConfigError'],
  '../platform/builtins.js': ['nodeFs', 'nodeOs'],
  './apply.js': ['applyConfig'],
};
const configSharedNames = Object.values(configShared).flat();
const srcDir = fileURLToPath(new URL('./src/', import.meta.url));

/** In the CommonJS entry: imports of config/file.js and config/parse.js become wrappers that load the file. */
const configOnFirstUse: Plugin = {
  name: 'config-on-first-use',
  setup(build) {
    if (build.initialOptions.outExtension?.['.js'] !== '.cjs') return;
    build.onResolve({ filter: /^\.\/config\/(file|parse)\.js$/ }, (args) =>
      args.importer === join(srcDir, 'index.ts')
        ? { path: 'config', namespace: 'config-on-first-use' }
        : undefined,
    );
    build.onResolve({ filter: /^\.\/config-files\.cjs$/ }, (args) => ({ path: args.path, external: true }));
    build.onLoad({ filter: /.*/, namespace: 'config-on-first-use' }, () => ({
      contents: [
        ...Object.entries(configShared).map(
          ([from, names]) =>
            `import { ${names.join(', ')} } from ${JSON.stringify(from.replace(/^\.\.\//, './').replace(/^\.\/apply/, './config/apply'))};`,
        ),
        'let files;',
        `const load = () => { if (files === undefined) { files = require(${JSON.stringify(configFilesFile)}); files.inject({ ${configSharedNames.join(', ')} }); } return files; };`,
        ...configFunctions.map((n) => `export function ${n}(...args) { return load().${n}(...args); }`),
      ].join('\n'),
      loader: 'js',
      resolveDir: srcDir,
    }));
  },
};

/**
 * tsup builds the CommonJS output through esbuild's ESM format, which writes the wrapper's require() as
 * `__require(...)`; bundlers follow only literal `require(...)` calls. The same number of characters, so the source
 * map's columns stay right.
 */
function literalConfigRequire(): void {
  const file = fileURLToPath(new URL('./dist/index.cjs', import.meta.url));
  const text = readFileSync(file, 'utf8');
  const call = `__require(${JSON.stringify(configFilesFile)})`;
  const parts = text.split(call);
  if (parts.length !== 2) throw new Error(`dist/index.cjs: expected one ${call}, found ${parts.length - 1}`);
  writeFileSync(file, parts.join(`require  (${JSON.stringify(configFilesFile)})`));
}

/** dist/config-files.cjs: the config code, its imports from the rest of the package handed over by inject(). */
async function buildConfigFiles(): Promise<void> {
  const injected: Plugin = {
    name: 'config-injected',
    setup(build) {
      const filter = new RegExp(
        `^(${Object.keys(configShared)
          .map((k) => k.replace(/[.]/g, '\\.'))
          .join('|')})$`,
      );
      build.onResolve({ filter }, (args) =>
        args.importer.startsWith(join(srcDir, 'config'))
          ? { path: 'shared', namespace: 'config-injected' }
          : undefined,
      );
      build.onResolve({ filter: /^config-injected$/ }, () => ({
        path: 'shared',
        namespace: 'config-injected',
      }));
      build.onLoad({ filter: /.*/, namespace: 'config-injected' }, () => ({
        contents: `export let ${configSharedNames.join(', ')};\nexport function inject(shared) { ({ ${configSharedNames.join(', ')} } = shared); }`,
        loader: 'js',
      }));
      build.onResolve({ filter: /^config-files-entry$/ }, () => ({
        path: 'entry',
        namespace: 'config-files-entry',
      }));
      build.onLoad({ filter: /.*/, namespace: 'config-files-entry' }, () => ({
        contents: [
          "export { defaultConfigPath, loadConfig, useConfigFile, watchConfig } from './config/file.ts';",
          "export { applyEnv, parseConfigText } from './config/parse.ts';",
          "export { inject } from 'config-injected';",
        ].join('\n'),
        loader: 'ts',
        resolveDir: srcDir,
      }));
    },
  };
  await esbuild({
    entryPoints: { 'config-files': 'config-files-entry' },
    outdir: fileURLToPath(new URL('./dist/', import.meta.url)),
    outExtension: { '.js': '.cjs' },
    format: 'cjs',
    platform: 'node',
    target: 'es2022',
    bundle: true,
    sourcemap: true,
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: 'warning',
    banner: { js: '/*! Includes ini: see THIRD_PARTY_LICENSES.txt beside this file. */' },
    plugins: [injected, iniOnFirstUse],
  });
}

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
    // The CommonJS entry's ini is in dist/config-files.cjs (configOnFirstUse).
    banner: ({ format }) => ({
      js: `/*! Includes ${(format === 'cjs' ? bundled.filter((b) => b !== 'ini') : bundled).join(' and ')}: see THIRD_PARTY_LICENSES.txt beside this file. */`,
    }),
    onSuccess: async () => {
      writeThirdPartyLicenses();
      await buildConfigFiles();
      literalConfigRequire();
    },
    esbuildPlugins: [
      configOnFirstUse,
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
