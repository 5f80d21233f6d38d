import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { type BuildOptions, build, type Plugin } from 'esbuild';
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
// tsup builds the CommonJS output with splitting as ESM and converts it afterwards, so esbuild's `format` is 'esm'
// for both; the output extension it asks for tells them apart.
const isCommonJs = (options: BuildOptions) => options.outExtension?.['.js'] === '.cjs';

const tagModulesExternal: Plugin = {
  name: 'facade-tag-modules-external',
  setup(build) {
    const ext = isCommonJs(build.initialOptions) ? '.cjs' : '.js';
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

// Compat class tables (src/generated/compat/tables/<Class>Api.ts, one JSON text each, 560 KB together). The ESM and
// browser builds inline them (bundlers need static imports; each text sits inside a function, so it is scanned but
// not materialised at load). The CommonJS build loads each one from dist/compat-tables/<Class>Api.json when its class
// is first used: compiling all of them at import cost about 5 ms of the compat entry's start-up (measured by
// compiling the chunk with and without them). dist/compat-tables/index.cjs holds one literal require() per table,
// inside a function, so Node loads a table on first use and bundlers (esbuild, webpack) still find every file.
const compatTablesDir = join('src', 'generated', 'compat', 'tables');
const compatTableNames = readdirSync(compatTablesDir)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.slice(0, -3));
const compatTablesOnFirstUse: Plugin = {
  name: 'compat-tables-on-first-use',
  setup(b) {
    if (!isCommonJs(b.initialOptions)) return;
    b.onResolve({ filter: /^\.\/tables\/\w+$/ }, (args) =>
      dirname(args.importer).endsWith(join('generated', 'compat'))
        ? { path: args.path.slice('./tables/'.length), namespace: 'compat-table' }
        : undefined,
    );
    // Every table module re-exports its loader from one module, which requires the index (one literal require()
    // that bundlers follow) when the first class is used: importing the entry loads no file of dist/compat-tables/.
    b.onLoad({ filter: /.*/, namespace: 'compat-table' }, (args) => ({
      contents: `export { ${args.path} as default } from 'compat-tables-index';`,
      loader: 'js',
    }));
    b.onResolve({ filter: /^compat-tables-index$/ }, () => ({
      path: 'index',
      namespace: 'compat-tables-index',
    }));
    b.onLoad({ filter: /.*/, namespace: 'compat-tables-index' }, () => ({
      contents: [
        "let tables; const index = () => (tables ??= require('./compat-tables/index.cjs'));",
        ...compatTableNames.map((n) => `export const ${n} = () => index().${n}();`),
      ].join('\n'),
      loader: 'js',
    }));
    b.onResolve({ filter: /^\.\/compat-tables\/index\.cjs$/ }, (args) => ({
      path: args.path,
      external: true,
    }));
  },
};
/**
 * Writes dist/compat-tables/<Class>Api.json (each table's text, which is JSON) and their index (after tsup has emptied
 * and filled dist). Node parses a required .json file directly: no JavaScript to compile around the text, and the
 * compat class gets the parsed table (about 2M fewer instructions for `new UsersApi()` than a .cjs module).
 */
async function buildCompatTables(): Promise<void> {
  const out = join('dist', 'compat-tables');
  mkdirSync(out, { recursive: true });
  // Each generated module returns its table's text; build and run it here rather than parse TypeScript by hand.
  const { outputFiles } = await build({
    entryPoints: Object.fromEntries(compatTableNames.map((n) => [n, join(compatTablesDir, `${n}.ts`)])),
    outdir: out,
    format: 'cjs',
    platform: 'neutral',
    target: 'es2022',
    bundle: true,
    write: false,
    logLevel: 'warning',
  });
  for (const file of outputFiles) {
    const name = basename(file.path, '.js');
    const module = { exports: {} as { default?: () => unknown } };
    new Function('module', 'exports', file.text)(module, module.exports);
    const text = module.exports.default?.();
    if (typeof text !== 'string') throw new Error(`${name}: the generated table module returned no text`);
    JSON.parse(text); // fails the build on a table that is not JSON
    writeFileSync(join(out, `${name}.json`), text);
  }
  const loaders = compatTableNames.map(
    (n) => `exports.${n} = () => require(${JSON.stringify(`./${n}.json`)});`,
  );
  writeFileSync(
    join(out, 'index.cjs'),
    `'use strict';\n// Each compat class's table (parsed JSON), loaded on first use (see tsup.config.ts of @skyport/genesys-cloud).\n${loaders.join('\n')}\n`,
  );
}

// The Node ESM entry (dist/index.js) as one module: with tsup's splitting it imported five or six small chunks, and
// Node's ESM loader reads, parses and links each module separately (asynchronously), which showed as several
// milliseconds of `import('@skyport/genesys-cloud')` (measured in-process, same run: median 53.5 → 46.7 ms, fastest
// 28.9 → 25.3 ms on a busy machine). The CommonJS entry is built the same way (one file), and so is the CommonJS
// compat entry (dist/compat.cjs: it required four chunks); the browser entries keep the shared chunks. The one piece
// of module state the runtime has, the default invoker registry of runtime/descriptor.ts (compat classes read it),
// stays shared: each of them imports the chunk that holds it, the one dist/runtime/descriptor.{js,cjs} (an entry of
// its own) re-exports and every other entry uses.
const descriptorSource = join('src', 'runtime', 'descriptor.ts');
/** The shared chunk that holds the registry, as dist/runtime/descriptor.{js,cjs} (ESM / CommonJS) re-exports it. */
function registryChunk(format: 'esm' | 'cjs'): string {
  const file = join('dist', 'runtime', format === 'esm' ? 'descriptor.js' : 'descriptor.cjs');
  const text = readFileSync(file, 'utf8');
  const found =
    format === 'esm'
      ? /^export \{ defaultInvoker, registerDefaultInvoker \} from '\.\.\/(chunk-[\w-]+\.js)';$/m.exec(text)
      : /^var (\w+) = require\('\.\.\/(chunk-[\w-]+\.cjs)'\);$/m.exec(text);
  const chunk = format === 'esm' ? found?.[1] : found?.[2];
  // CommonJS: the getters of both names must read that chunk's exports.
  const both = format === 'esm' || (found && text.split(`${found[1]}.`).length === 3);
  if (!chunk || !both) throw new Error(`${file} does not re-export the registry from one chunk`);
  return `./${chunk}`;
}

/** Resolves imports of runtime/descriptor.ts to the shared registry chunk (external). */
function sharedRegistry(registry: string): Plugin {
  return {
    name: 'shared-descriptor-registry',
    setup(b) {
      b.onResolve({ filter: /\/descriptor$/ }, async (args) => {
        if (args.pluginData === 'inner') return undefined;
        const r = await b.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: 'inner',
        });
        return r.path.endsWith(descriptorSource) ? { path: registry, external: true } : r;
      });
    },
  };
}

/**
 * One `require()` of each external package per output file. In a CommonJS bundle whose modules run lazily (esbuild's
 * __esm wrappers, there for the import() of notifications) esbuild writes a require() per source module: 13 of
 * `@skyport/core` in index.cjs. Node remembers a require's resolution only for the parent that loaded the module
 * first, so when @skyport/core was already loaded (an app that imports it too, or particle and genesys in one
 * process) each of them resolved the package again through its `exports` map (0.2-0.9 ms each). Here every import of
 * an external package goes through one module of the bundle that requires it once and re-exports it.
 */
function oneRequirePerPackage(packages: readonly string[]): Plugin {
  const filter = new RegExp(`^(${packages.map((p) => p.replace(/[/.]/g, '\\$&')).join('|')})$`);
  return {
    name: 'one-require-per-package',
    setup(b) {
      b.onResolve({ filter }, (args) =>
        args.namespace === 'one-require'
          ? { path: args.path, external: true }
          : { path: args.path, namespace: 'one-require' },
      );
      b.onLoad({ filter: /.*/, namespace: 'one-require' }, (args) => ({
        contents: `export * from ${JSON.stringify(args.path)};`,
        loader: 'js',
      }));
    },
  };
}

// The CommonJS index keeps notifications (8 KB of its 33 KB: compiled at every start-up even though it runs only on
// first subscribe) in a file of its own, dist/index-notifications.cjs, required on first subscribe. The one class both
// use, NotificationsError, stays in index.cjs (the package exports it): the notifications file takes it from there,
// so `instanceof` holds across both.
const notificationsFile = './index-notifications.cjs';
const notificationsApart: Plugin = {
  name: 'notifications-apart',
  setup(b) {
    b.onResolve({ filter: /^\.\/runtime\/notifications$/ }, (args) =>
      args.kind === 'dynamic-import' && args.importer.endsWith(join('src', 'index.ts'))
        ? { path: notificationsFile, external: true }
        : undefined,
    );
  },
};
const notificationsErrorFromIndex: Plugin = {
  name: 'notifications-error-from-index',
  setup(b) {
    b.onResolve({ filter: /^\.\/errors$/ }, (args) =>
      args.importer.endsWith(join('src', 'runtime', 'notifications.ts'))
        ? { path: './index.cjs', external: true }
        : undefined,
    );
  },
};

async function buildSingleModuleEntries(): Promise<void> {
  const common = {
    outdir: 'dist',
    platform: 'node',
    target: 'es2022',
    bundle: true,
    sourcemap: true,
    packages: 'external',
    logLevel: 'warning',
    // Node entries only: whitespace and syntax minified (names kept; the source maps point at src/). Node compiles
    // every byte of a module it loads, so fewer bytes start faster; the output is also pure ASCII (a comment with one
    // non-ASCII character made Node decode the whole file as UTF-16). Browser entries stay readable for bundlers.
    minifyWhitespace: true,
    minifySyntax: true,
  } as const;
  const index = { index: join(process.cwd(), 'src', 'index.ts') };
  await Promise.all([
    build({
      ...common,
      entryPoints: index,
      format: 'esm',
      // Only for what the entry loads with import() (notifications on first subscribe): chunks of their own.
      splitting: true,
      chunkNames: 'index-[name]-[hash]',
      plugins: [sharedRegistry(registryChunk('esm'))],
    }),
    // CommonJS: notifications in a file of their own, required on first subscribe (notificationsApart). Its import(),
    // and ws's, become require(): import() from CommonJS would start Node's ESM loader on first subscribe.
    build({
      ...common,
      entryPoints: index,
      format: 'cjs',
      outExtension: { '.js': '.cjs' },
      supported: { 'dynamic-import': false },
      plugins: [
        notificationsApart,
        oneRequirePerPackage(['@skyport/core']),
        sharedRegistry(registryChunk('cjs')),
      ],
    }),
    build({
      ...common,
      entryPoints: { 'index-notifications': join(process.cwd(), 'src', 'runtime', 'notifications.ts') },
      format: 'cjs',
      outExtension: { '.js': '.cjs' },
      plugins: [notificationsErrorFromIndex, oneRequirePerPackage(['@skyport/core'])],
    }),
    // The compat entry for require(): class tables still load per class on first use (compatTablesOnFirstUse).
    build({
      ...common,
      entryPoints: { compat: join(process.cwd(), 'src', 'compat', 'index.ts') },
      format: 'cjs',
      outExtension: { '.js': '.cjs' },
      plugins: [
        oneRequirePerPackage(['@skyport/core']),
        sharedRegistry(registryChunk('cjs')),
        compatTablesOnFirstUse,
      ],
    }),
  ]);
}

export default defineConfig({
  entry: {
    // The modern client: Node (undici, ws) and browser (fetch, native WebSocket) builds.
    index: 'src/index.ts',
    'index.browser': 'src/index.browser.ts',
    // Tells the single-module ESM index which chunk holds the registry (see buildSingleModuleIndex).
    'runtime/descriptor': descriptorSource,
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
  esbuildPlugins: [tagModulesExternal, compatTablesOnFirstUse],
  onSuccess: async () => {
    await Promise.all([buildCompatTables(), buildSingleModuleEntries()]);
  },
  format: ['esm', 'cjs'],
  splitting: true,
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  treeshake: true,
});
