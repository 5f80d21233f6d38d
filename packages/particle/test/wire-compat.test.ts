import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Particle } from '../src/index.js';
import { type Captured, startCaptureServer } from './capture-server.js';

const require = createRequire(import.meta.url);
const Official = require('particle-api-js');

let srv: Awaited<ReturnType<typeof startCaptureServer>>;
beforeAll(async () => {
  srv = await startCaptureServer();
});
afterAll(() => srv.close());

function pick(c: Captured) {
  const h = { ...c.headers };
  // Transport-level headers differ between node-fetch and undici.
  for (const k of [
    'host',
    'connection',
    'accept',
    'accept-encoding',
    'content-length',
    'user-agent',
    'sec-fetch-mode',
    'accept-language',
  ])
    delete h[k];
  return { method: c.method, url: c.url, headers: h, body: c.body ? JSON.parse(toJson(c)) : '' };
}
function toJson(c: Captured): string {
  if (String(c.headers['content-type']).startsWith('application/json')) return c.body;
  return JSON.stringify(c.body);
}

async function both(call: (p: any) => Promise<unknown>) {
  srv.requests.length = 0;
  const theirs = new Official({ baseUrl: srv.url });
  const ours = new Particle({ baseUrl: srv.url });
  await call(theirs);
  await call(ours);
  expect(srv.requests).toHaveLength(2);
  const [a, b] = srv.requests.map(pick);
  expect(b).toEqual(a);
  return b!;
}

const auth = 'tok123';
const cases: [string, (p: any) => Promise<unknown>][] = [
  ['login', (p) => p.login({ username: 'u@x.io', password: 'p w!' })],
  ['login tokenDuration', (p) => p.login({ username: 'u', password: 'p', tokenDuration: 60 })],
  ['sendOtp', (p) => p.sendOtp({ mfaToken: 'm', otp: '123' })],
  ['loginAsClientOwner', (p) => p.loginAsClientOwner()],
  ['enableMfa', (p) => p.enableMfa({ auth })],
  ['confirmMfa', (p) => p.confirmMfa({ mfaToken: 'm', otp: '1', invalidateTokens: true, auth })],
  ['disableMfa', (p) => p.disableMfa({ currentPassword: 'pw', auth })],
  ['deleteAccessToken', (p) => p.deleteAccessToken({ token: 'abc' })],
  ['deleteCurrentAccessToken', (p) => p.deleteCurrentAccessToken({ auth })],
  ['deleteActiveAccessTokens', (p) => p.deleteActiveAccessTokens({ auth })],
  ['getUserInfo', (p) => p.getUserInfo({ auth })],
  ['resetPassword', (p) => p.resetPassword({ username: 'u@x.io' })],
  ['deleteUser', (p) => p.deleteUser({ password: 'pw', auth })],
  ['trackingIdentity', (p) => p.trackingIdentity({ auth })],
  ['trackingIdentity full', (p) => p.trackingIdentity({ full: true, auth })],
  ['listDevices', (p) => p.listDevices({ auth })],
  [
    'listDevices product',
    (p) =>
      p.listDevices({
        product: 12,
        groups: ['a', 'b'],
        deviceName: 'x y',
        page: 2,
        perPage: 5,
        sortAttr: 'name',
        auth,
      }),
  ],
  ['getDevice', (p) => p.getDevice({ deviceId: 'd1', auth })],
  ['getDevice product', (p) => p.getDevice({ deviceId: 'd1', product: 'prod', auth })],
  ['claimDevice', (p) => p.claimDevice({ deviceId: 'd1', requestTransfer: true, auth })],
  ['removeDevice', (p) => p.removeDevice({ deviceId: 'd1', auth })],
  ['removeDevice product', (p) => p.removeDevice({ deviceId: 'd1', deny: true, product: 3, auth })],
  ['removeDeviceOwner', (p) => p.removeDeviceOwner({ deviceId: 'd1', product: 3, auth })],
  ['renameDevice', (p) => p.renameDevice({ deviceId: 'd1', name: 'new', auth })],
  ['signalDevice', (p) => p.signalDevice({ deviceId: 'd1', signal: true, auth })],
  ['setDeviceNotes', (p) => p.setDeviceNotes({ deviceId: 'd1', notes: 'n', auth })],
  [
    'updateDevice product',
    (p) =>
      p.updateDevice({
        deviceId: 'd1',
        product: 3,
        development: true,
        desiredFirmwareVersion: 4,
        flash: true,
        auth,
      }),
  ],
  ['getVariable', (p) => p.getVariable({ deviceId: 'd1', name: 'temp', auth })],
  ['callFunction', (p) => p.callFunction({ deviceId: 'd1', name: 'led', argument: 'on', product: 9, auth })],
  ['publishEvent', (p) => p.publishEvent({ name: 'e', data: 'x', isPrivate: true, auth })],
  ['publishEvent product', (p) => p.publishEvent({ name: 'e', product: 5, auth })],
  [
    'context headers',
    (p) => {
      p.setContext('tool', { name: 'cli', version: '1.0', components: [{ name: 'x', version: '2' }] });
      p.setContext('project', { name: 'proj', type: 'app' });
      return p.getUserInfo({ auth, headers: { 'X-Extra': '1' } });
    },
  ],
  [
    'default auth',
    (p) => {
      p.setDefaultAuth('dflt');
      return p.getUserInfo({});
    },
  ],
];

describe('same wire request as particle-api-js', () => {
  for (const [name, call] of cases) it(name, () => both(call));

  it('sends the login form with the default particle-api client', async () => {
    const req = await both((p) => p.login({ username: 'a', password: 'b' }));
    expect(req.body).toBe(
      'username=a&password=b&grant_type=password&client_id=particle-api&client_secret=particle-api&expires_in=7776000',
    );
  });

  it('encodes product device groups and arrays like qs', async () => {
    const req = await both((p) =>
      p.request({ uri: '/v1/x', method: 'get', query: { b: ['x', 'y'], n: { k: 1 } } }),
    );
    expect(req.url).toBe('/v1/x?b%5B0%5D=x&b%5B1%5D=y&n%5Bk%5D=1');
  });
});
