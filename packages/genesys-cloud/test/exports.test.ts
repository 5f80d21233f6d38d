// The built package as consumers see it: subpath exports by package name (Node ESM and CJS), and a browser bundle
// of the client that contains no Node-only code. Needs `npm run build -w @skyport/genesys-cloud` first.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { browserBundle } from './browser-bundle';

const require = createRequire(import.meta.url);

describe('package exports', () => {
  it('ESM: the client, a tag module, the facade and the tables', async () => {
    const root = await import('@skyport/genesys-cloud');
    const users = await import('@skyport/genesys-cloud/users');
    const facade = await import('@skyport/genesys-cloud/facade');
    expect(typeof root.createClient).toBe('function');
    expect(typeof root.paginate).toBe('function');
    expect(users.getUsersMeOperation.path).toBe('/api/v2/users/me');
    expect(typeof facade.withApis).toBe('function');
    expect(require.resolve('@skyport/genesys-cloud/tables/operations.json')).toMatch(
      /tables\/operations\.json$/,
    );
  }, 60_000); // loading every API module through vite's transform takes seconds

  it('CJS: require works for the client and a tag module', () => {
    expect(typeof require('@skyport/genesys-cloud').createClient).toBe('function');
    expect(require('@skyport/genesys-cloud/routing').getRoutingQueuesOperation.paging).toBe('pageNumber');
  });

  it('a browser bundle of createClient + getUsersMe has no Node built-ins or ws', async () => {
    const { inputs } = await browserBundle(
      "import { createClient } from '@skyport/genesys-cloud'; import { getUsersMe } from '@skyport/genesys-cloud/users';" +
        'export const run = () => getUsersMe(createClient({ auth: "t" }));',
    );
    expect(inputs.some((i) => i.includes('index.browser.js'))).toBe(true);
    expect(inputs.filter((i) => /node_modules\/(ws|undici)\//.test(i) || i.startsWith('node:'))).toEqual([]);
    // Only the users module's descriptors, not the other tags.
    expect(inputs.filter((i) => /dist\/api\//.test(i)).map((i) => i.replace(/.*dist\//, ''))).toEqual([
      'api/users.js',
    ]);
  });

  it('@skyport/genesys-cloud/modular: ESM and CJS on Node; the browser condition bundles fetch code, no ws or undici', async () => {
    const esm = await import('@skyport/genesys-cloud/modular');
    expect(typeof esm.createClient).toBe('function');
    expect(typeof esm.pkce).toBe('function');
    expect(typeof esm.createNotifications).toBe('function');
    const cjs = require('@skyport/genesys-cloud/modular');
    expect(cjs.createClient({ environment: 'mypurecloud.ie' }).environment.apiUrl).toBe(
      'https://api.mypurecloud.ie',
    );
    const { inputs } = await browserBundle(
      "import { createClient, pkce } from '@skyport/genesys-cloud/modular'; import { getUsersMe } from '@skyport/genesys-cloud/users';" +
        "export const run = () => getUsersMe(createClient({ auth: pkce({ clientId: 'c', redirectUri: 'https://a/' }) }));",
    );
    expect(inputs.some((i) => i.includes('modular.browser.js'))).toBe(true);
    expect(inputs.filter((i) => /node_modules\/(ws|undici)\//.test(i) || i.startsWith('node:'))).toEqual([]);
  });
});
