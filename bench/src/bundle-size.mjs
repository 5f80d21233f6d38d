// 3. Browser bundle size: esbuild (browser platform, minified) + gzip for small apps, beside the official packages.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const benchDir = fileURLToPath(new URL('..', import.meta.url));

// Small but real apps: each calls what it imports so nothing is dropped as unused.
// The PKCE redirect round trip with a stored verifier; `auth` is the sign-in as each client style writes it.
const pkceLogin = (auth) => `
    const client = createClient({ environment: 'mypurecloud.ie', auth: ${auth} });
    if (!new URLSearchParams(location.search).has('code')) {
      const { url, codeVerifier } = await client.auth.authorizeUrl();
      sessionStorage.setItem('verifier', codeVerifier);
      location.assign(url);
    } else {
      await client.auth.handleRedirect(location.href, { codeVerifier: sessionStorage.getItem('verifier') });
    }`;

const pkceOptions = "clientId: 'my-client-id', redirectUri: location.origin + '/', store: 'sessionStorage'";
const pkceConfig = pkceLogin(`{ type: 'pkce', ${pkceOptions} }`);

const apps = {
  'Genesys: PKCE login + getUsersMe': `
    import { createClient } from '@skyport/genesys-cloud';
    import { getUsersMe } from '@skyport/genesys-cloud/users';
    ${pkceConfig}
    console.log(await getUsersMe(client, { expand: ['presence'] }));`,
  // The same app on @skyport/genesys-cloud/modular: the sign-in is a function (pkce) naming its one grant, and
  // notifications come only with createNotifications.
  'Genesys (modular): PKCE login + getUsersMe': `
    import { createClient, pkce } from '@skyport/genesys-cloud/modular';
    import { getUsersMe } from '@skyport/genesys-cloud/users';
    ${pkceLogin(`pkce({ ${pkceOptions} })`)}
    console.log(await getUsersMe(client, { expand: ['presence'] }));`,
  'Genesys: + ten operations from ten APIs': `
    import { createClient } from '@skyport/genesys-cloud';
    import { getUsersMe } from '@skyport/genesys-cloud/users';
    import { getRoutingQueues } from '@skyport/genesys-cloud/routing';
    import { getAuthorizationRoles } from '@skyport/genesys-cloud/authorization';
    import { getGroups } from '@skyport/genesys-cloud/groups';
    import { getPresencedefinitions } from '@skyport/genesys-cloud/presence';
    import { postAnalyticsConversationsDetailsQuery } from '@skyport/genesys-cloud/analytics';
    import { getConversations } from '@skyport/genesys-cloud/conversations';
    import { postNotificationsChannels } from '@skyport/genesys-cloud/notifications';
    import { getOrganizationsMe } from '@skyport/genesys-cloud/organization';
    import { getLocations } from '@skyport/genesys-cloud/locations';
    import { getTelephonyProvidersEdges } from '@skyport/genesys-cloud/telephony-providers-edge';
    ${pkceConfig}
    console.log(await getUsersMe(client, { expand: ['presence'] }));
    const ops = [getRoutingQueues, getAuthorizationRoles, getGroups, getPresencedefinitions, getConversations,
      getOrganizationsMe, getLocations, getTelephonyProvidersEdges, postNotificationsChannels];
    for (const op of ops) console.log(await op(client));
    console.log(await postAnalyticsConversationsDetailsQuery(client, {
      body: { interval: '2026-11-01T00:00:00Z/2026-11-02T00:00:00Z' },
    }));`,
  'Genesys compat: PKCE login + getUsersMe (ApiClient + UsersApi)': `
    import { ApiClient, UsersApi } from '@skyport/genesys-cloud/compat';
    const client = ApiClient.instance;
    client.setEnvironment('mypurecloud.ie');
    await client.loginPKCEGrant('my-client-id', location.origin + '/');
    console.log(await new UsersApi().getUsersMe({ expand: ['presence'] }));`,
  'Particle: login + listDevices + getEventStream': `
    import Particle from '@skyport/particle';
    const particle = new Particle();
    const { body } = await particle.login({ username: 'u', password: 'p' });
    console.log(await particle.listDevices({ auth: body.access_token }));
    const stream = await particle.getEventStream({ deviceId: 'mine', auth: body.access_token });
    stream.on('event', (e) => console.log(e));`,
  // The same app with a client class composed of only the methods it calls (same call style).
  'Particle (modular): login + listDevices + getEventStream': `
    import { particleWith, login, listDevices, getEventStream } from '@skyport/particle/modular';
    const Particle = particleWith({ login, listDevices, getEventStream });
    const particle = new Particle();
    const { body } = await particle.login({ username: 'u', password: 'p' });
    console.log(await particle.listDevices({ auth: body.access_token }));
    const stream = await particle.getEventStream({ deviceId: 'mine', auth: body.access_token });
    stream.on('event', (e) => console.log(e));`,
};

const official = {
  'purecloud-platform-client-v2 (shipped browser build)':
    'purecloud-platform-client-v2/dist/web-cjs/purecloud-platform-client-v2.min.js',
  'particle-api-js (shipped browser build)': 'particle-api-js/dist/particle.min.js',
};

// The official packages' `exports` hide their dist files, so look them up through node_modules directly.
function packageFile(relative) {
  for (let dir = benchDir; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', relative);
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`${relative} not found in any node_modules above ${benchDir}`);
}

async function bundle(source) {
  const result = await build({
    stdin: { contents: source, resolveDir: benchDir, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0].contents;
}

export async function bundleSize() {
  const results = [];
  for (const [name, source] of Object.entries(apps)) {
    try {
      const bytes = await bundle(source);
      results.push({ subject: name, available: true, minified: bytes.length, gzip: gzipSync(bytes).length });
    } catch (error) {
      results.push({
        subject: name,
        available: false,
        reason: (error.errors?.[0]?.text ?? error.message).split('\n')[0],
      });
    }
  }
  for (const [name, file] of Object.entries(official)) {
    const bytes = readFileSync(packageFile(file));
    results.push({ subject: name, available: true, minified: bytes.length, gzip: gzipSync(bytes).length });
  }
  return { results };
}
