import { createReadStream, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

const scratch = mkdtempSync(join(tmpdir(), 'skyport-wire-'));
/** A source file on disk whose extension differs from the part name it is sent under. */
function sourceOnDisk(ext: string): string {
  const path = join(scratch, `source${ext}`);
  writeFileSync(path, `content of ${ext}`);
  return path;
}

function pick(c: Captured) {
  const h = { ...c.headers };
  if (String(h['content-type']).startsWith('multipart/form-data')) h['content-type'] = 'multipart/form-data';
  // Transport-level headers differ between node-fetch and undici (framing: form-data streams a file read from
  // disk chunked, Skyport reads it first and sends a length).
  for (const k of [
    'host',
    'connection',
    'accept',
    'accept-encoding',
    'content-length',
    'transfer-encoding',
    'user-agent',
    'sec-fetch-mode',
    'accept-language',
  ])
    delete h[k];
  return { method: c.method, url: c.url, headers: h, body: c.body ? JSON.parse(toJson(c)) : '' };
}
function toJson(c: Captured): string {
  const type = String(c.headers['content-type']);
  if (type.startsWith('application/json')) return c.body;
  if (type.startsWith('multipart/form-data')) return JSON.stringify(parseMultipart(c));
  return JSON.stringify(c.body);
}

/** Parts as `{ name, filename, body }`, so bodies compare independently of the boundary string. */
function parseMultipart(c: Captured) {
  const boundary = /boundary=(.+)$/.exec(String(c.headers['content-type']))![1]!;
  return c.body
    .split(`--${boundary}`)
    .slice(1, -1)
    .map((part) => {
      const [head, ...rest] = part.split('\r\n\r\n');
      return {
        name: /name="([^"]*)"/.exec(head!)?.[1],
        filename: /filename="([^"]*)"/.exec(head!)?.[1],
        type: /\r\ncontent-type: ([^\r\n]*)/i.exec(head!)?.[1],
        body: rest.join('\r\n\r\n').replace(/\r\n$/, ''),
      };
    });
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
  ['createCustomer', (p) => p.createCustomer({ email: 'e@x.io', password: 'pw', product: 7 })],
  [
    'createUser',
    (p) => p.createUser({ username: 'u', password: 'p', accountInfo: { first_name: 'A' }, utm: { s: 1 } }),
  ],
  ['setUserInfo', (p) => p.setUserInfo({ accountInfo: { a: 1 }, auth })],
  [
    'changeUsername',
    (p) => p.changeUsername({ currentPassword: 'c', username: 'n', invalidateTokens: true, auth }),
  ],
  ['changeUserPassword', (p) => p.changeUserPassword({ currentPassword: 'c', password: 'n', auth })],
  ['addDeviceToProduct id', (p) => p.addDeviceToProduct({ deviceId: 'd1', product: 3, auth })],
  [
    'addDeviceToProduct file',
    (p) => p.addDeviceToProduct({ file: Buffer.from('d1\nd2\n'), product: 3, auth }),
  ],
  ['markAsDevelopmentDevice', (p) => p.markAsDevelopmentDevice({ deviceId: 'd1', product: 3, auth })],
  [
    'lockDeviceProductFirmware',
    (p) =>
      p.lockDeviceProductFirmware({
        deviceId: 'd1',
        desiredFirmwareVersion: 5,
        flash: true,
        product: 3,
        auth,
      }),
  ],
  ['unlockDeviceProductFirmware', (p) => p.unlockDeviceProductFirmware({ deviceId: 'd1', product: 3, auth })],
  [
    'unprotectDevice',
    (p) =>
      p.unprotectDevice({
        deviceId: 'd1',
        org: 'o',
        action: 'confirm',
        serverNonce: 's',
        deviceNonce: 'n',
        deviceSignature: 'g',
        devicePublicKeyFingerprint: 'f',
        auth,
      }),
  ],
  ['provisionDevice', (p) => p.provisionDevice({ productId: 6, auth })],
  ['getClaimCode', (p) => p.getClaimCode({ iccid: '89', product: 3, auth })],
  [
    'flashDevice',
    (p) => p.flashDevice({ deviceId: 'd1', files: { 'app.ino': Buffer.from('void setup(){}') }, auth }),
  ],
  [
    'flashDevice targetVersion',
    (p) =>
      p.flashDevice({
        deviceId: 'd1',
        product: 2,
        files: { 'a.bin': Buffer.from('ab') },
        targetVersion: '6.1.0',
        auth,
      }),
  ],
  [
    'compileCode',
    (p) =>
      p.compileCode({
        files: { 'a.ino': Buffer.from('x'), 'lib/b.h': Buffer.from('y') },
        platformId: 12,
        auth,
      }),
  ],
  [
    'compileCode: part types by file name (sources, headers, JSON, text, unknown)',
    (p) =>
      p.compileCode({
        files: {
          'app.cpp': Buffer.from('a'),
          'lib/x.c': Buffer.from('b'),
          'lib/x.h': Buffer.from('c'),
          'src/y.hh': Buffer.from('d'),
          'project.properties': Buffer.from('e'),
          'data.json': Buffer.from('{}'),
          'README.txt': Buffer.from('f'),
          noext: Buffer.from('g'),
        },
        platformId: 12,
        auth,
      }),
  ],
  [
    'compileCode: a path and an fs stream are typed by the file on disk first',
    (p) =>
      p.compileCode({
        files: { 'app.ino': sourceOnDisk('.cpp'), 'main.ino': createReadStream(sourceOnDisk('.json')) },
        platformId: 12,
        auth,
      }),
  ],
  ['downloadFirmwareBinary', (p) => p.downloadFirmwareBinary({ binaryId: 'b1', auth })],
  ['createWebhook', (p) => p.createWebhook({ event: 'e', url: 'https://h', device: 'd', auth })],
  [
    'createWebhook hook',
    (p) =>
      p.createWebhook({
        event: 'e',
        url: 'https://h',
        product: 3,
        rejectUnauthorized: false,
        noDefaults: true,
        hook: {
          method: 'PUT',
          headers: { a: 'b' },
          json: { x: 1 },
          responseEvent: 'r',
          errorResponseEvent: 'er',
        },
        auth,
      }),
  ],
  ['deleteWebhook', (p) => p.deleteWebhook({ hookId: 'h1', product: 3, auth })],
  ['listWebhooks', (p) => p.listWebhooks({ auth })],
  [
    'createIntegration',
    (p) =>
      p.createIntegration({
        event: 'e',
        settings: { url: 'u', integration_type: 'Webhook' },
        deviceId: 'd',
        org: 'o',
        auth,
      }),
  ],
  [
    'editIntegration',
    (p) => p.editIntegration({ integrationId: 'i', event: 'e', settings: { url: 'u' }, product: 3, auth }),
  ],
  ['deleteIntegration', (p) => p.deleteIntegration({ integrationId: 'i', auth })],
  ['listIntegrations', (p) => p.listIntegrations({ product: 3, auth })],
  ['listSIMs', (p) => p.listSIMs({ auth })],
  [
    'listSIMs product',
    (p) => p.listSIMs({ product: 3, iccid: '1', deviceId: 'd', deviceName: 'n', page: 1, perPage: 2, auth }),
  ],
  ['getSIMDataUsage', (p) => p.getSIMDataUsage({ iccid: '1', product: 3, auth })],
  ['getFleetDataUsage', (p) => p.getFleetDataUsage({ product: 3, auth })],
  ['removeSIM', (p) => p.removeSIM({ iccid: '1', auth })],
  ['listBuildTargets', (p) => p.listBuildTargets({ onlyFeatured: true, auth })],
  [
    'listLibraries',
    (p) =>
      p.listLibraries({
        page: 1,
        limit: 2,
        filter: 'f',
        sort: 's',
        architectures: ['a', 'b'],
        category: 'c',
        scope: 'all',
        excludeScopes: ['x'],
        auth,
      }),
  ],
  ['getLibrary', (p) => p.getLibrary({ name: 'neo', version: '1.0.0', auth })],
  ['getLibraryVersions', (p) => p.getLibraryVersions({ name: 'neo', page: 2, limit: 3, auth })],
  ['contributeLibrary', (p) => p.contributeLibrary({ archive: Buffer.from('tgz'), auth })],
  ['publishLibrary', (p) => p.publishLibrary({ name: 'neo', auth })],
  ['deleteLibrary', (p) => p.deleteLibrary({ name: 'neo', force: true, auth })],
  ['downloadFile', (p) => p.downloadFile({ uri: '/some/file.bin' })],
  ['listOAuthClients', (p) => p.listOAuthClients({ product: 3, auth })],
  [
    'createOAuthClient',
    (p) => p.createOAuthClient({ name: 'n', type: 'web', redirect_uri: 'https://r', scope: 's', auth }),
  ],
  [
    'updateOAuthClient',
    (p) => p.updateOAuthClient({ clientId: 'c', name: 'n', scope: 's', product: 3, auth }),
  ],
  ['deleteOAuthClient', (p) => p.deleteOAuthClient({ clientId: 'c', auth })],
  ['listProducts', (p) => p.listProducts({ auth })],
  ['getProduct', (p) => p.getProduct({ product: 3, auth })],
  ['listProductFirmware', (p) => p.listProductFirmware({ product: 3, auth })],
  [
    'uploadProductFirmware',
    (p) =>
      p.uploadProductFirmware({
        file: Buffer.from('bin'),
        version: 4,
        title: 't',
        description: 'd',
        product: 3,
        auth,
      }),
  ],
  ['getProductFirmware', (p) => p.getProductFirmware({ version: 4, product: 3, auth })],
  ['updateProductFirmware', (p) => p.updateProductFirmware({ version: 4, title: 't', product: 3, auth })],
  ['downloadProductFirmware', (p) => p.downloadProductFirmware({ version: 4, product: 3, auth })],
  ['downloadManufacturingBackup', (p) => p.downloadManufacturingBackup({ deviceId: 'd1', auth })],
  [
    'releaseProductFirmware',
    (p) =>
      p.releaseProductFirmware({
        version: 4,
        product: 3,
        product_default: true,
        groups: ['g'],
        intelligent: true,
        auth,
      }),
  ],
  ['listTeamMembers', (p) => p.listTeamMembers({ product: 3, auth })],
  ['inviteTeamMember', (p) => p.inviteTeamMember({ username: 'u', product: 3, auth })],
  ['removeTeamMember', (p) => p.removeTeamMember({ username: 'u', product: 3, auth })],
  ['lookupSerialNumber', (p) => p.lookupSerialNumber({ serialNumber: 'S1', auth })],
  ['getProductConfiguration', (p) => p.getProductConfiguration({ product: 3, auth })],
  ['getProductConfigurationSchema', (p) => p.getProductConfigurationSchema({ product: 3, auth })],
  [
    'getProductDeviceConfiguration',
    (p) => p.getProductDeviceConfiguration({ product: 3, deviceId: 'd', auth }),
  ],
  [
    'getProductDeviceConfigurationSchema',
    (p) => p.getProductDeviceConfigurationSchema({ product: 3, deviceId: 'd', auth }),
  ],
  ['setProductConfiguration', (p) => p.setProductConfiguration({ product: 3, config: { a: 1 }, auth })],
  [
    'setProductDeviceConfiguration',
    (p) => p.setProductDeviceConfiguration({ product: 3, deviceId: 'd', config: { a: 1 }, auth }),
  ],
  [
    'getProductLocations',
    (p) =>
      p.getProductLocations({
        product: 3,
        dateRange: 'a,b',
        rectBl: '1,2',
        rectTr: '3,4',
        deviceId: 'd',
        deviceName: 'n',
        groups: ['g1', 'g2'],
        page: 1,
        perPage: 5,
        auth,
      }),
  ],
  [
    'getProductDeviceLocations',
    (p) => p.getProductDeviceLocations({ product: 3, deviceId: 'd', dateRange: 'a,b', auth }),
  ],
  ['executeLogic', (p) => p.executeLogic({ org: 'o', logic: { code: 'x' }, auth })],
  ['createLogicFunction', (p) => p.createLogicFunction({ logicFunction: { name: 'f' }, auth })],
  ['getLogicFunction', (p) => p.getLogicFunction({ org: 'o', logicFunctionId: 'f1', auth })],
  [
    'updateLogicFunction',
    (p) => p.updateLogicFunction({ logicFunctionId: 'f1', logicFunction: { name: 'g' }, auth }),
  ],
  ['deleteLogicFunction', (p) => p.deleteLogicFunction({ logicFunctionId: 'f1', auth })],
  ['listLogicFunctions', (p) => p.listLogicFunctions({ todayStats: true, auth })],
  ['listLogicRuns', (p) => p.listLogicRuns({ logicFunctionId: 'f1', auth })],
  ['getLogicRun', (p) => p.getLogicRun({ logicFunctionId: 'f1', logicRunId: 'r1', auth })],
  ['getLogicRunLogs', (p) => p.getLogicRunLogs({ org: 'o', logicFunctionId: 'f1', logicRunId: 'r1', auth })],
  ['createLedger', (p) => p.createLedger({ ledger: { name: 'l' }, auth })],
  ['getLedger', (p) => p.getLedger({ ledgerName: 'l', org: 'o', auth })],
  ['updateLedger', (p) => p.updateLedger({ ledgerName: 'l', ledger: { d: 1 }, auth })],
  ['archiveLedger', (p) => p.archiveLedger({ ledgerName: 'l', auth })],
  ['listLedgers', (p) => p.listLedgers({ scope: 'Device', page: 1, perPage: 2, archived: true, auth })],
  ['getLedgerInstance', (p) => p.getLedgerInstance({ ledgerName: 'l', scopeValue: 'd1', auth })],
  [
    'setLedgerInstance',
    (p) =>
      p.setLedgerInstance({
        ledgerName: 'l',
        scopeValue: 'd1',
        instance: { data: { a: 1 } },
        setMode: 'Merge',
        auth,
      }),
  ],
  ['deleteLedgerInstance', (p) => p.deleteLedgerInstance({ ledgerName: 'l', scopeValue: 'd1', auth })],
  ['listLedgerInstances', (p) => p.listLedgerInstances({ ledgerName: 'l', page: 1, perPage: 2, auth })],
  [
    'listLedgerInstanceVersions',
    (p) =>
      p.listLedgerInstanceVersions({
        ledgerName: 'l',
        scopeValue: 'd1',
        replacedBefore: 'a',
        replacedAfter: 'b',
        auth,
      }),
  ],
  [
    'getLedgerInstanceVersion',
    (p) => p.getLedgerInstanceVersion({ ledgerName: 'l', scopeValue: 'd1', version: 'v1', auth }),
  ],
  [
    'listDeviceOsVersions',
    (p) => p.listDeviceOsVersions({ platformId: 12, internalVersion: 5, page: 1, perPage: 2, auth }),
  ],
  ['getDeviceOsVersion', (p) => p.getDeviceOsVersion({ version: '6.1.0', platformId: 12, auth })],
  ['listEnvVars', (p) => p.listEnvVars({ sandbox: true, auth })],
  ['updateEnvVars', (p) => p.updateEnvVars({ product: 3, ops: [{ op: 'Set', key: 'K', value: 'v' }], auth })],
  ['setEnvVar', (p) => p.setEnvVar({ org: 'o', key: 'K', value: 'v', auth })],
  ['deleteEnvVar', (p) => p.deleteEnvVar({ deviceId: 'd1', key: 'K', auth })],
  ['renderEnvVars', (p) => p.renderEnvVars({ deviceId: 'd1', auth })],
  ['reviewEnvVarsRollout', (p) => p.reviewEnvVarsRollout({ product: 3, auth })],
  ['startEnvVarsRollout', (p) => p.startEnvVarsRollout({ product: 3, when: 'Immediate', auth })],
  // particle-api-js then fails to parse the empty HEAD answer as JSON; only the request is compared here.
  ['checkSIM', (p) => p.checkSIM({ iccid: '8901', auth }).catch(() => undefined)],
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
