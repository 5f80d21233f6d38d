import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, gatewayUrls, HttpClient, oauth } from '../src/index.js';
import { json, startServer, type TestServer } from './helpers/server.js';

describe('gatewayUrls', () => {
  it('composes login and API URLs as seed 002 describes', () => {
    expect(
      gatewayUrls({
        host: 'mygateway.mydomain.myextension',
        protocol: 'https',
        port: 1443,
        pathParamsLogin: 'myadditionalpathforlogin',
        pathParamsApi: 'myadditionalpathforapi',
      }),
    ).toEqual({
      loginUrl: 'https://mygateway.mydomain.myextension:1443/myadditionalpathforlogin',
      apiUrl: 'https://mygateway.mydomain.myextension:1443/myadditionalpathforapi',
    });
  });

  it('defaults: https, no port for -1 or omitted, no path when empty', () => {
    expect(gatewayUrls({ host: 'gw.local', protocol: '', port: -1 })).toEqual({
      loginUrl: 'https://gw.local',
      apiUrl: 'https://gw.local',
    });
    expect(gatewayUrls({ host: 'gw.local', protocol: 'http', port: 0, pathParamsApi: '/a/b/' })).toEqual({
      loginUrl: 'http://gw.local:0',
      apiUrl: 'http://gw.local:0/a/b',
    });
  });

  it('rejects bad values with ConfigError', () => {
    expect(() => gatewayUrls({ host: '' })).toThrow(ConfigError);
    expect(() => gatewayUrls({ host: 'gw', port: 70000 })).toThrow(/port/);
    expect(() => gatewayUrls({ host: 'gw', protocol: 'ftp' })).toThrow(/protocol/);
    expect(() => gatewayUrls({ host: 'https://gw' })).toThrow(/bare host/);
  });
});

describe('requests through a gateway', () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startServer((req, res) => {
      if (req.url === '/loginpfx/oauth/token') return json(res, 200, { access_token: 'gw-token' });
      json(res, 200, { url: req.url, auth: req.headers.authorization });
    });
  });
  afterAll(() => srv.close());

  it('sends login requests to the login prefix and API requests to the API prefix', async () => {
    const { loginUrl, apiUrl } = gatewayUrls({
      host: '127.0.0.1',
      protocol: 'http',
      port: srv.port,
      pathParamsLogin: 'loginpfx',
      pathParamsApi: 'apipfx',
    });
    const client = new HttpClient({ baseUrl: apiUrl, loginUrl });
    const t = await oauth.clientCredentials({ client, clientId: 'a', clientSecret: 'b' });
    const r = await client.request({ method: 'GET', path: '/api/v2/users/me', auth: t.accessToken });
    expect(r).toEqual({ url: '/apipfx/api/v2/users/me', auth: 'Bearer gw-token' });
    expect(srv.requests.map((x) => x.url)).toEqual(['/loginpfx/oauth/token', '/apipfx/api/v2/users/me']);
    await client.close();
  });
});
