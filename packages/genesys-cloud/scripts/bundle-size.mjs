// Measures what an app pays for each import style: esbuild bundles (minified, browser, ESM) of small entry points
// against the BUILT package (run `npm run build -w @skyport/genesys-cloud` first). Prints bytes and gzip bytes.
// Usage: node packages/genesys-cloud/scripts/bundle-size.mjs
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const cases = {
  'functional: createClient + getUsersMe': `
    import { createClient } from '@skyport/genesys-cloud';
    import { getUsersMe } from '@skyport/genesys-cloud/users';
    export const run = () => getUsersMe(createClient({ auth: 't' }));`,
  'functional: PKCE sign-in + getUsersMe': `
    import { createClient } from '@skyport/genesys-cloud';
    import { getUsersMe } from '@skyport/genesys-cloud/users';
    const gc = createClient({ auth: { type: 'pkce', clientId: 'id', redirectUri: location.origin, store: 'localStorage' } });
    export const login = async () => location.assign((await gc.auth.authorizeUrl()).url);
    export const done = () => gc.auth.handleRedirect(location.href);
    export const run = () => getUsersMe(gc);`,
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

// With code splitting, as apps ship: "initial" is the entry and the chunks it imports statically; "lazy" is what
// loads on first use (the notifications implementation).
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
console.log('| import | initial, minified | initial, gzip | lazy, minified | lazy, gzip |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const [name, contents] of Object.entries(cases)) {
  const out = await build({
    stdin: { contents, resolveDir: here, loader: 'js' },
    bundle: true,
    minify: true,
    splitting: true,
    platform: 'browser',
    format: 'esm',
    outdir: join(here, '.bundle-size-out'),
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const files = new Map(out.outputFiles.map((f) => [relative(process.cwd(), f.path), f.contents]));
  const outputs = out.metafile.outputs;
  const entry = Object.keys(outputs).find((k) => outputs[k].entryPoint);
  const initial = new Set();
  const visit = (file) => {
    if (initial.has(file)) return;
    initial.add(file);
    for (const imp of outputs[file].imports) if (imp.kind === 'import-statement') visit(imp.path);
  };
  visit(entry);
  const sum = (keys) => {
    const parts = keys.filter((k) => k.endsWith('.js')).map((k) => files.get(k));
    return [parts.reduce((n, b) => n + b.length, 0), parts.reduce((n, b) => n + gzipSync(b).length, 0)];
  };
  const [iMin, iGz] = sum([...initial]);
  const [lMin, lGz] = sum(Object.keys(outputs).filter((k) => !initial.has(k)));
  console.log(`| ${name} | ${kb(iMin)} | ${kb(iGz)} | ${kb(lMin)} | ${kb(lGz)} |`);
}
