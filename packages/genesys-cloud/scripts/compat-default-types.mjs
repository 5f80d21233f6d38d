// After `tsup`: declares the compat entry's default export as the entry's namespace, as purecloud-platform-client-v2's
// declaration file does, so TypeScript code written for it (`import platformClient from …` then
// `platformClient.Models.User`, `platformClient.UsersApi.getUsersOptions`) type-checks unchanged.
//
// At run time the default export holds every value export of the entry (src/compat/shared.ts, makePlatformClient;
// test/compat-surface.test.ts checks they match). Declaring it in the source as the entry's namespace does not
// survive tsup: its declaration bundler renders a re-exported namespace as a list of `declare const x: typeof X`,
// which loses the type side of merged names (the classes' option namespaces, `ApiClient`'s type, `Models`). So each compat
// declaration file moves to `<name>-exports.d.(c)ts`, without its default export, and `<name>.d.(c)ts` becomes:
// every export of it, plus its namespace as `default` and `platformClient`.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const DEFAULT_EXPORT = /^export \{ (\w+) as default, \1 \};\n?/m;

for (const name of ['compat', 'compat.browser']) {
  for (const [dts, js] of [
    ['.d.ts', '.js'],
    ['.d.cts', '.cjs'],
  ]) {
    const file = `${dist}${name}${dts}`;
    const text = readFileSync(file, 'utf8');
    if (!DEFAULT_EXPORT.test(text)) {
      throw new Error(
        `${file}: no "export { x as default, x };" line to replace (has the compat entry changed?)`,
      );
    }
    writeFileSync(file, text.replace(DEFAULT_EXPORT, ''));
    renameSync(file, `${dist}${name}-exports${dts}`);
    const exports = `./${name}-exports${js}`;
    writeFileSync(
      file,
      [
        '// The entry: every export of the declarations beside it, and their namespace as the default export',
        '// (see scripts/compat-default-types.mjs of @skyport/genesys-cloud).',
        `export * from '${exports}';`,
        `import * as platformClient from '${exports}';`,
        'export { platformClient };',
        'export default platformClient;',
        '',
      ].join('\n'),
    );
  }
}
