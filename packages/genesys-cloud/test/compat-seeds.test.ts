// biome-ignore-all lint/correctness/noInnerDeclarations: the seed snippets declare with `var` inside try blocks
// Every JavaScript snippet of seeds 000 (legacy PureCloudSession SDK) and 001 (purecloud-platform-client-v2),
// run against the sandbox with only the import line changed. Test scaffolding around each snippet points the
// client at the sandbox (gateway) and installs browser globals where a snippet is browser-only; the snippet
// bodies are kept as written, except where the seed text is not valid JavaScript (noted at the test).
import { createRequire } from 'node:module';
import { type Sandbox, type SandboxUser, startSandbox } from '@skyport/sandbox';
import { startConnectProxy } from '@skyport/test-support';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { installBrowser, signInAt, useSandbox } from './compat/helpers';

const require = createRequire(import.meta.url);

// biome-ignore lint/suspicious/noExplicitAny: the snippets are untyped JavaScript
type Any = any;

let sb: Sandbox;
let clientId: string;
let clientSecret: string;

beforeAll(async () => {
  sb = await startSandbox();
  clientId = sb.genesys.clientId;
  clientSecret = sb.genesys.clientSecret;
});

afterAll(async () => {
  await sb.close();
});

describe('seed 001: purecloud-platform-client-v2', () => {
  // import line: const platformClient = require('purecloud-platform-client-v2');
  const platformClient: Any = require('@skyport/genesys-cloud/compat');

  beforeEach(() => {
    const client = platformClient.ApiClient.instance;
    useSandbox(client, sb);
    client.setAccessToken(undefined);
    client.setReturnExtendedResponses(false);
    client.setPersistSettings(false);
    client.setDebugLog(null);
  });

  it('NodeJS usage: the module gives ApiClient.instance and API classes', () => {
    expect(platformClient.ApiClient.instance).toBe(platformClient.default.ApiClient.instance);
    expect(new platformClient.UsersApi().apiClient).toBe(platformClient.ApiClient.instance);
    expect(platformClient.PureCloudRegionHosts.eu_west_1).toBe('mypurecloud.ie');
    // As in the official module, ApiClient also answers the instance's members, and ApiClientClass makes more.
    expect(platformClient.ApiClient.config).toBe(platformClient.ApiClient.instance.config);
    const other = new platformClient.ApiClientClass();
    expect(other).not.toBe(platformClient.ApiClient.instance);
    expect(other).toBeInstanceOf(platformClient.ApiClient);
  });

  it('Node.js Client Credentials grant', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    var client = platformClient.ApiClient.instance;
    let authenticated = false;
    await client
      .loginClientCredentialsGrant(clientId, clientSecret)
      .then(() => {
        // Do authenticated things
        authenticated = true;
      })
      .catch((response: Any) => {
        console.log(`${response.status} - ${response.error.message}`);
        console.log(response.error);
      });
    expect(authenticated).toBe(true);
    expect(log).not.toHaveBeenCalled();
    expect(client.authData.accessToken).toMatch(/^[0-9a-f]{20,}$/);
    log.mockRestore();
  });

  it('Node.js Client Credentials grant: the failure branch gets status and error.message', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    var client = platformClient.ApiClient.instance;
    await client
      .loginClientCredentialsGrant(clientId, 'wrong-secret')
      .then(() => {
        throw new Error('should not log in');
      })
      .catch((response: Any) => {
        console.log(`${response.status} - ${response.error.message}`);
        console.log(response.error);
      });
    expect(log.mock.calls[0]?.[0]).toMatch(/^401 - .+/);
    expect(log.mock.calls[1]?.[0]).toBeInstanceOf(Error);
    log.mockRestore();
  });

  it('Web Implicit grant (browser globals installed; the login page redirects back with a token)', async () => {
    const browser = installBrowser();
    try {
      // First visit: no token yet, so the SDK sends the page to the login service.
      var client = platformClient.ApiClient.instance;
      const clientId = sb.genesys.implicitClientId;
      const redirectUri = 'http://localhost:8080/app';
      void client.loginImplicitGrant(clientId, redirectUri);
      await vi.waitFor(() => expect(browser.window.navigations).toHaveLength(1));
      const authorize = new URL(browser.window.navigations[0] as string);
      expect(authorize.pathname).toBe('/login/oauth/authorize');
      expect(Object.fromEntries(authorize.searchParams)).toEqual({
        client_id: clientId,
        redirect_uri: redirectUri,
        response_type: 'token',
      });
      // The user signs in at the login service, which sends the browser back with the token in the hash.
      const back = await signInAt(
        browser.window.navigations[0] as string,
        sb.genesys.users[1] as SandboxUser,
      );
      browser.window.location.hash = back.hash;

      const log = vi.spyOn(console, 'log').mockImplementation(() => {});
      // Create API instance
      var usersApi = new platformClient.UsersApi();
      // Authenticate
      await client
        .loginImplicitGrant(clientId, redirectUri)
        .then(() => {
          // Make request to GET /api/v2/users/me?expand=presence
          return usersApi.getUsersMe({ expand: ['presence'] });
        })
        .then((userMe: Any) => {
          // Handle successful result
          console.log(`Hello, ${userMe.name}!`);
        })
        .catch((response: Any) => {
          // Handle failure response
          console.log(`${response.status} - ${response.error.message}`);
          console.log(response.error);
        });
      expect(log.mock.calls[0]?.[0]).toBe(`Hello, ${sb.genesys.users[1]?.name}!`);
      expect(browser.window.location.hash).toBe('');
      expect(client.authData.tokenExpiryTime).toBeGreaterThan(Date.now());
      log.mockRestore();
    } finally {
      browser.uninstall();
    }
  });

  it('Any platform: provide an existing auth token', async () => {
    const token = (
      await platformClient.ApiClient.instance.loginClientCredentialsGrant(clientId, clientSecret)
    ).accessToken;
    platformClient.ApiClient.instance.setAccessToken(undefined);

    var client = platformClient.ApiClient.instance;
    client.setAccessToken(token);
    // Do authenticated things; no login function needed
    const me = await new platformClient.UsersApi().getUsersMe();
    expect(me.id).toBeTruthy();
  });

  it('Environments', () => {
    const client = new platformClient.ApiClient();
    client.setEnvironment('mypurecloud.ie');
    expect(client.config.basePath).toBe('https://api.mypurecloud.ie');
    expect(client.config.authUrl).toBe('https://login.mypurecloud.ie');
    client.setEnvironment('https://api.mypurecloud.ie/');
    expect(client.config.basePath).toBe('https://api.mypurecloud.ie');
    client.setEnvironment(platformClient.PureCloudRegionHosts.ap_southeast_2);
    expect(client.config.basePath).toBe('https://api.mypurecloud.com.au');
  });

  it('Access Token persistence (the seed writes `purecloud-platform-client-v2.ApiClient`, read as platformClient)', async () => {
    const browser = installBrowser();
    try {
      var client = platformClient.ApiClient.instance;
      client.setPersistSettings(true, 'optional_prefix');
      // A page that logs in with a token it got elsewhere...
      const token = (await fetchToken()).access_token;
      client.setAccessToken(token);
      expect(JSON.parse(localStorage.getItem('optional_prefix_auth_data') as string).accessToken).toBe(token);
      // ...and the next page load finds it in storage instead of redirecting to the login page.
      client.setAccessToken(undefined);
      localStorage.setItem('optional_prefix_auth_data', JSON.stringify({ accessToken: token }));
      const data = await client.loginImplicitGrant('sandbox-implicit-client', 'http://localhost:8080/app');
      expect(data.accessToken).toBe(token);
      expect(browser.window.navigations).toEqual([]);
    } finally {
      browser.uninstall();
    }
  });

  it('Making Requests: Node.js (the seed lacks a `{` after `function()`, added here)', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    var client = platformClient.ApiClient.instance;
    // Create API instance
    var authorizationApi = new platformClient.AuthorizationApi();
    // Authenticate
    await client
      .loginClientCredentialsGrant(clientId, clientSecret)
      .then(() => {
        // Make request to GET /api/v2/authorization/permissions
        return authorizationApi.getAuthorizationPermissions();
      })
      .then((permissions: Any) => {
        // Handle successful result
        console.log(permissions);
      })
      .catch((response: Any) => {
        // Handle failure response
        console.log(`${response.status} - ${response.error.message}`);
        console.log(response.error);
      });
    const permissions = log.mock.calls[0]?.[0];
    expect(permissions.entities.length).toBeGreaterThan(0);
    expect(permissions.entities[0].domain).toBeTruthy();
    log.mockRestore();
  });

  it('Extended Responses', async () => {
    await platformClient.ApiClient.instance.loginClientCredentialsGrant(clientId, clientSecret);
    var client = platformClient.ApiClient.instance;
    client.setReturnExtendedResponses(true);
    const res = await new platformClient.UsersApi().getUsersMe();
    expect(Object.keys(res).sort()).toEqual(['body', 'error', 'headers', 'status', 'statusText', 'text']);
    expect(res.status).toBe(200);
    expect(res.error).toBeNull();
    expect(res.headers['inin-correlation-id']).toBeTruthy();
    expect(res.headers['inin-ratelimit-allowed']).toBeTruthy();
    expect(JSON.parse(res.text)).toEqual(res.body);
  });

  it('Error Responses: thrown as an extended response object with an Error in `error`', async () => {
    await platformClient.ApiClient.instance.loginClientCredentialsGrant(clientId, clientSecret);
    const err: Any = await new platformClient.UsersApi().getUser('no-such-user').catch((e: unknown) => e);
    expect(Object.keys(err).sort()).toEqual(['body', 'error', 'headers', 'status', 'statusText', 'text']);
    expect(err.status).toBe(404);
    expect(err.body).toMatchObject({ status: 404, code: 'not.found' });
    expect(err.body.contextId).toBe(err.headers['inin-correlation-id']);
    expect(JSON.parse(err.text)).toEqual(err.body);
    expect(err.error).toBeInstanceOf(Error);
    expect(typeof err.error.message).toBe('string');
    // Code written for the official package's body-only rejections keeps working.
    expect(err.message).toBe(err.body.message);
    expect(err.code).toBe('not.found');
    expect(err.contextId).toBe(err.body.contextId);
  });

  it('Debug Logging', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      var client = platformClient.ApiClient.instance;
      client.setDebugLog(console.log, 25);
      await client.loginClientCredentialsGrant(clientId, clientSecret);
      await new platformClient.RoutingApi().getRoutingQueues({ pageSize: 100 });
      const lines = log.mock.calls.map((c) => String(c[0]));
      const queues = lines.find((l) => l.includes('/api/v2/routing/queues'));
      expect(queues).toBeDefined();
      expect(queues).toContain('200');
      // The token and the client secret never reach the log.
      const all = lines.join('\n');
      expect(all).not.toContain(client.authData.accessToken);
      expect(all).not.toContain(clientSecret);
      // Response bodies are cut to 25 lines.
      const body = (queues as string).split('\n');
      expect(body.length).toBeLessThan(60);
    } finally {
      log.mockRestore();
    }
  });
});

async function fetchToken(): Promise<{ access_token: string }> {
  const res = await fetch(`${sb.genesys.loginUrl}/oauth/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  return (await res.json()) as { access_token: string };
}

describe('seed 000: legacy PureCloudSession SDK', () => {
  // import line: var purecloud = require('purecloud_api_sdk_javascript');
  const purecloud: Any = require('@skyport/genesys-cloud/compat').legacy;
  // Test scaffolding: every session of this block talks to the sandbox.
  const sandboxed = (o: Any) => ({ ...o, gateway: gatewayFor() });
  function gatewayFor() {
    const u = new URL(sb.url);
    return {
      host: u.hostname,
      protocol: 'http',
      port: Number(u.port),
      path_params_login: 'login',
      path_params_api: '',
    };
  }

  it('NodeJS usage: session, AuthorizationApi(session) without new, login then getRoles', async () => {
    const session = purecloud.PureCloudSession(
      sandboxed({ strategy: 'client-credentials', clientId, clientSecret }),
    );
    const authApi = purecloud.AuthorizationApi(session);
    let seen: Any;
    await session.login().then(() =>
      authApi.getRoles().then((roles: Any) => {
        seen = roles;
      }),
    );
    expect(Array.isArray(seen.entities)).toBe(true);
  });

  it('Authentication: client-credentials strategy (Node.js)', async () => {
    var pureCloudSession = purecloud.PureCloudSession(
      sandboxed({
        strategy: 'client-credentials',
        clientId: clientId,
        clientSecret: clientSecret,
      }),
    );
    let done = false;
    await pureCloudSession.login().then(() => {
      // Do authenticated things
      done = true;
    });
    expect(done).toBe(true);
    expect(pureCloudSession.token).toBeTruthy();
  });

  it('Authentication: implicit strategy (browser): login() redirects, and completes when the page comes back', async () => {
    const browser = installBrowser();
    try {
      const yourClientId = sb.genesys.implicitClientId;
      const yourCallbackUrl = 'http://localhost:8080/cb';
      // Browser - Implicit strategy
      var pureCloudSession = purecloud.platform.PureCloudSession(
        sandboxed({
          strategy: 'implicit',
          clientId: yourClientId,
          redirectUrl: yourCallbackUrl,
        }),
      );
      void pureCloudSession.login();
      await vi.waitFor(() => expect(browser.window.navigations).toHaveLength(1));
      const url = new URL(browser.window.navigations[0] as string);
      expect(url.pathname).toBe('/login/oauth/authorize');
      expect(url.searchParams.get('response_type')).toBe('token');
      expect(url.searchParams.get('redirect_uri')).toBe(yourCallbackUrl);
      // The user signs in; the login service sends the browser back with the token, and the page logs in again.
      const back = await signInAt(url.href, sb.genesys.users[2] as SandboxUser);
      browser.window.location.hash = back.hash;
      await pureCloudSession.login();
      const me = await purecloud.UsersApi(pureCloudSession).getMe();
      expect(me.id).toBe(sb.genesys.users[2]?.id);
      pureCloudSession.logout();
      expect(pureCloudSession.token).toBeUndefined();
      expect(new URL(browser.window.navigations[1] as string).pathname).toBe('/login/logout');
    } finally {
      browser.uninstall();
    }
  });

  it('Authentication: token strategy', async () => {
    const yourToken = (await fetchToken()).access_token;
    var pureCloudSession = purecloud.platform.PureCloudSession(
      sandboxed({
        strategy: 'token',
        token: yourToken,
      }),
    );
    await pureCloudSession.login();
    const me = await new purecloud.platform.UsersApi(pureCloudSession).getMe();
    expect(me.id).toBeTruthy();
  });

  it('Environments', () => {
    var session = purecloud.platform.PureCloudSession({
      // ... your other settings
      strategy: 'token',
      token: 't',
      environment: 'mypurecloud.ie',
    });
    expect(session.apiClient.config.basePath).toBe('https://api.mypurecloud.ie');
    expect(session.apiClient.config.authUrl).toBe('https://login.mypurecloud.ie');
  });

  it('Local Storage: storageKey persists the token', async () => {
    const browser = installBrowser();
    try {
      const token = (await fetchToken()).access_token;
      var session = purecloud.platform.PureCloudSession(
        sandboxed({
          // ... your other settings
          strategy: 'token',
          token,
          storageKey: 'myAuthToken',
        }),
      );
      await session.login();
      expect(JSON.parse(localStorage.getItem('myAuthToken_auth_data') as string).accessToken).toBe(token);
    } finally {
      browser.uninstall();
    }
  });

  it('Making Requests: UsersApi(session).getMe() with then/catch/finally', async () => {
    var session = purecloud.platform.PureCloudSession(
      sandboxed({ strategy: 'client-credentials', clientId, clientSecret }),
    );
    var pureCloudSession = session;
    const events: string[] = [];
    await pureCloudSession.login().then(() => {
      var users = new purecloud.platform.UsersApi(session);
      return users
        .getMe()
        .then((user: Any) => {
          // successfully got the user object, do something with it here
          events.push(`user ${user.name}`);
        })
        .catch((_error: Any) => {
          // an error occurred getting the user object
          events.push('error');
        })
        .finally(() => {
          // this will be called for successes and failures
          events.push('finally');
        });
    });
    expect(events).toEqual([expect.stringMatching(/^user .+/), 'finally']);
  });

  it('Error Responses: { statusCode, headers, body }', async () => {
    var session = purecloud.PureCloudSession(
      sandboxed({ strategy: 'client-credentials', clientId, clientSecret }),
    );
    await session.login();
    const error: Any = await purecloud
      .RoutingApi(session)
      .getRoutingQueues({ pageSize: 100000 })
      .catch((e: unknown) => e);
    expect(Object.keys(error).sort()).toEqual(['body', 'headers', 'statusCode']);
    expect(error.statusCode).toBe(400);
    expect(error.headers['content-type']).toContain('application/json');
    expect(error.headers['inin-correlation-id']).toBeTruthy();
    expect(error.body).toMatchObject({ status: 400 });
    expect(typeof error.body.message).toBe('string');
  });

  it('Debug Logging: session.debugLog = console.log', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      var pureCloudSession = purecloud.PureCloudSession(
        sandboxed({ strategy: 'client-credentials', clientId, clientSecret }),
      );
      pureCloudSession.debugLog = console.log;
      await pureCloudSession.login();
      await purecloud.UsersApi(pureCloudSession).getMe();
      const lines = log.mock.calls.map((c) => String(c[0]));
      expect(lines.some((l) => l.includes('/oauth/token'))).toBe(true);
      expect(lines.some((l) => l.includes('/api/v2/users/me'))).toBe(true);
    } finally {
      log.mockRestore();
    }
  });

  it('Proxy Support: options.proxy tunnels requests through the proxy', async () => {
    const proxy = await startConnectProxy();
    try {
      var session = purecloud.PureCloudSession(sandboxed({ proxy: proxy.url }));
      // The seed's proxy example has no strategy; add one to log in.
      await expect(session.login()).rejects.toThrow(/strategy/);
      var withStrategy = purecloud.PureCloudSession(
        sandboxed({ proxy: proxy.url, strategy: 'client-credentials', clientId, clientSecret }),
      );
      await withStrategy.login();
      await purecloud.UsersApi(withStrategy).getMe();
      const target = new URL(sb.url).host;
      expect(proxy.tunnels.length).toBeGreaterThan(0);
      expect(proxy.tunnels.every((t) => t.target === target)).toBe(true);
    } finally {
      await proxy.close();
    }
  });
});
