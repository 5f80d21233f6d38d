// Measures what an app pays for each import style: esbuild bundles (minified, browser, ESM) of small entry points
// against the BUILT package (run `npm run build -w @skyport/genesys-cloud` first). Prints bytes and gzip bytes.
// Usage: node packages/genesys-cloud/scripts/bundle-size.mjs
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const cases = {
  'functional: createClient + getUsersMe': `
    import { createClient } from '@skyport/genesys-cloud';
    import { getUsersMe } from '@skyport/genesys-cloud/users';
    export const run = () => getUsersMe(createClient({ auth: 't' }));`,
  'functional: + paginate(getRoutingQueues) + notifications': `
    import { createClient, paginate } from '@skyport/genesys-cloud';
    import { getUsersMe } from '@skyport/genesys-cloud/users';
    import { getRoutingQueues } from '@skyport/genesys-cloud/routing';
    export const run = async () => { const gc = createClient({ auth: 't' }); await getUsersMe(gc);
      await paginate(gc, getRoutingQueues).all(); await gc.notifications.subscribe(['x'], () => {}); };`,
  'facade: withApis(createClient()).users.getUsersMe': `
    import { createClient } from '@skyport/genesys-cloud';
    import { withApis } from '@skyport/genesys-cloud/facade';
    export const run = () => withApis(createClient({ auth: 't' })).users.getUsersMe();`,
  'compat: platformClient.UsersApi (for comparison)': `
    import platformClient from '@skyport/genesys-cloud/compat';
    export const run = () => new platformClient.UsersApi().getUsersMe();`,
};

console.log('| import | minified | gzip |\n| --- | ---: | ---: |');
for (const [name, contents] of Object.entries(cases)) {
  const out = await build({
    stdin: { contents, resolveDir: here, loader: 'js' },
    bundle: true,
    minify: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    logLevel: 'silent',
  });
  const bytes = out.outputFiles[0].contents;
  const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
  console.log(`| ${name} | ${kb(bytes.length)} | ${kb(gzipSync(bytes).length)} |`);
}
