import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyConfig,
  ConfigError,
  HttpClient,
  loadConfig,
  parseConfigText,
  type SkyportConfig,
  TokenManager,
  useConfigFile,
  watchConfig,
} from '../src/index.js';
import { json, startServer, type TestServer } from './helpers/server.js';

const dir = () => mkdtempSync(join(tmpdir(), 'skyport-cfg-'));

const INI = `; seed 002 example
[logging]
log_level = trace
log_format = json
log_to_console = false
log_file_path = /tmp/x.log
log_response_body = true
log_request_body = false

[reauthentication]
refresh_access_token = false
refresh_token_wait_max = 3

[general]
live_reload_config = false
host = https://api.example.test

[gateway]
host = gw.example.test
protocol = https
port = 1443
path_params_login = loginpath
path_params_api = apipath
username = u
password = p
`;

const EXPECTED: Omit<SkyportConfig, 'file' | 'warnings'> = {
  logging: {
    level: 'trace',
    format: 'json',
    toConsole: false,
    filePath: '/tmp/x.log',
    logResponseBody: true,
    logRequestBody: false,
  },
  reauthentication: { refreshAccessToken: false, refreshTokenWaitMaxSeconds: 3 },
  general: { liveReloadConfig: false, host: 'https://api.example.test' },
  gateway: {
    host: 'gw.example.test',
    protocol: 'https',
    port: 1443,
    pathParamsLogin: 'loginpath',
    pathParamsApi: 'apipath',
    username: 'u',
    password: 'p',
  },
};

const JSON_TEXT = JSON.stringify(
  {
    logging: {
      log_level: 'trace',
      log_format: 'json',
      log_to_console: false,
      log_file_path: '/tmp/x.log',
      log_response_body: true,
      log_request_body: false,
    },
    reauthentication: { refresh_access_token: false, refresh_token_wait_max: 3 },
    general: { live_reload_config: false, host: 'https://api.example.test' },
    gateway: {
      host: 'gw.example.test',
      protocol: 'https',
      port: 1443,
      path_params_login: 'loginpath',
      path_params_api: 'apipath',
      username: 'u',
      password: 'p',
    },
  },
  null,
  2,
);

describe('parsing', () => {
  it('reads every seed 002 key from INI and JSON alike', () => {
    const d = dir();
    writeFileSync(join(d, 'config'), INI);
    writeFileSync(join(d, 'config.json'), JSON_TEXT);
    expect(loadConfig(join(d, 'config'), { env: {} })).toMatchObject(EXPECTED);
    expect(loadConfig(join(d, 'config.json'), { env: {} })).toMatchObject(EXPECTED);
  });

  it('names file and line for a malformed INI line and for a bad value', () => {
    const d = dir();
    const f = join(d, 'config');
    writeFileSync(f, '[logging]\nlog_level = trace\nthis line is broken\n');
    const e1 = (() => {
      try {
        loadConfig(f, { env: {} });
      } catch (e) {
        return e as ConfigError;
      }
    })();
    expect(e1).toBeInstanceOf(ConfigError);
    expect(e1?.file).toBe(f);
    expect(e1?.line).toBe(3);
    expect(e1?.message).toContain(`${f}:3`);
    writeFileSync(f, '[logging]\n\nlog_level = loud\n');
    expect(() => loadConfig(f, { env: {} })).toThrow(/logging\.log_level must be one of.*:3\)/);
  });

  it('names the line of a JSON syntax error and of a bad JSON value', () => {
    expect(() => parseConfigText('{\n  "logging": {\n    "log_level": "trace",\n  }\n}', 'c.json')).toThrow(
      expect.objectContaining({ file: 'c.json', line: 4 }),
    );
    expect(() =>
      parseConfigText('{\n "general": {\n  "live_reload_config": "maybe"\n }\n}', 'c.json'),
    ).toThrow(expect.objectContaining({ line: 3 }));
  });

  it('ignores unknown sections and keys but reports them as warnings', () => {
    const c = parseConfigText('[logging]\nlog_levle = trace\n[extra]\nx = 1\n');
    expect(c.logging).toEqual({});
    expect(c.warnings).toEqual(['unknown key logging.log_levle ignored', 'unknown section [extra] ignored']);
  });

  it('lets SKYPORT_* environment variables override the file', () => {
    const d = dir();
    writeFileSync(join(d, 'config'), INI);
    const c = loadConfig(join(d, 'config'), {
      env: {
        SKYPORT_LOGGING_LOG_LEVEL: 'error',
        SKYPORT_GENERAL_HOST: 'https://api.env.test',
        SKYPORT_GATEWAY_PORT: '8443',
      },
    });
    expect(c.logging.level).toBe('error');
    expect(c.general.host).toBe('https://api.env.test');
    expect(c.gateway?.port).toBe(8443);
    expect(() => loadConfig(join(d, 'config'), { env: { SKYPORT_LOGGING_LOG_FORMAT: 'xml' } })).toThrow(
      ConfigError,
    );
  });

  it('uses ~/.skyport/config (HOME) by default and tolerates its absence', () => {
    const home = dir();
    expect(loadConfig(undefined, { env: { HOME: home } }).logging).toEqual({});
    const explicit = join(home, 'nope');
    expect(() => loadConfig(explicit, { env: {} })).toThrow(ConfigError);
  });
});

describe('applying to a client', () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startServer((req, res) => {
      if (req.url?.endsWith('/oauth/token')) return json(res, 200, { access_token: 'T', expires_in: 3600 });
      json(res, 200, { url: req.url });
    });
  });
  afterAll(() => srv.close());

  it('each key takes effect', async () => {
    const logFile = join(dir(), 'sdk.log');
    const tm = new TokenManager({ obtain: async () => ({ accessToken: 'new' }) });
    const client = new HttpClient({ baseUrl: 'http://127.0.0.1:1', auth: tm });
    const base = parseConfigText(INI);
    // general.host → baseUrl (with a login URL mapping)
    applyConfig(client, { ...base, gateway: undefined, logging: {} } as SkyportConfig, {
      loginUrlFor: (u) => u.replace('//api.', '//login.'),
    });
    expect(client.options.baseUrl).toBe('https://api.example.test');
    expect(client.options.loginUrl).toBe('https://login.example.test');
    // reauthentication → TokenManager
    expect(tm.options).toMatchObject({ refresh: false, waitTimeoutMs: 3000 });
    // gateway wins over host and routes login vs API
    applyConfig(
      client,
      parseConfigText(
        `[gateway]\nhost = 127.0.0.1\nprotocol = http\nport = ${srv.port}\npath_params_login = lg\npath_params_api = ap\n` +
          `[logging]\nlog_level = debug\nlog_format = json\nlog_to_console = false\nlog_file_path = ${logFile}\nlog_request_body = true\nlog_response_body = false\n`,
      ),
    );
    expect(client.options.baseUrl).toBe(`http://127.0.0.1:${srv.port}/ap`);
    expect(client.options.loginUrl).toBe(`http://127.0.0.1:${srv.port}/lg`);
    expect(
      await client.request({ method: 'POST', path: '/v1/x', body: { hello: 'body' }, auth: false }),
    ).toEqual({
      url: '/ap/v1/x',
    });
    const lines = readFileSync(logFile, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'debug',
      method: 'POST',
      status: 200,
      requestBody: { hello: 'body' },
    });
    expect(lines[0].responseHeaders).toBeUndefined(); // debug level
    expect(lines[0].responseBody).toBeUndefined(); // log_response_body = false
    // log_to_console = false: nothing reaches the console
    const quiet: string[] = [];
    const [origLog, origErr] = [console.log, console.error];
    console.log = (l: string) => void quiet.push(l);
    console.error = (l: string) => void quiet.push(l);
    try {
      await client.request({ method: 'GET', path: '/quiet', auth: false });
    } finally {
      [console.log, console.error] = [origLog, origErr];
    }
    expect(quiet).toEqual([]);
    expect(readFileSync(logFile, 'utf8')).toContain('/ap/quiet');
    // log_response_body / log_level trace
    applyConfig(client, parseConfigText('[logging]\nlog_level = trace\nlog_response_body = true\n'));
    await client.request({ method: 'GET', path: '/v2/y', auth: false });
    const last = JSON.parse(readFileSync(logFile, 'utf8').trim().split('\n').at(-1)!);
    expect(last).toMatchObject({ level: 'trace', responseBody: { url: '/ap/v2/y' } });
    // log_format text
    applyConfig(client, parseConfigText('[logging]\nlog_format = text\n'));
    await client.request({ method: 'GET', path: '/v3/z', auth: false });
    expect(readFileSync(logFile, 'utf8')).toMatch(/\n\S+ TRACE GET \S*\/ap\/v3\/z 200/);
    // log_to_console
    applyConfig(client, parseConfigText('[logging]\nlog_to_console = true\nlog_file_path =\n'));
    const printed: string[] = [];
    const orig = console.log;
    console.log = (l: string) => void printed.push(l);
    try {
      await client.request({ method: 'GET', path: '/v4', auth: false });
    } finally {
      console.log = orig;
    }
    expect(printed.join('\n')).toMatch(/\/ap\/v4 200/);
    await client.close();
  });

  it('reloads live; a malformed edit is reported and the last good config stays', async () => {
    const d = dir();
    const f = join(d, 'config');
    writeFileSync(f, `[general]\nhost = http://127.0.0.1:${srv.port}/one\n`);
    const client = new HttpClient({ baseUrl: 'http://127.0.0.1:1' });
    const errors: ConfigError[] = [];
    const reloads: SkyportConfig[] = [];
    const handle = useConfigFile(client, {
      path: f,
      env: {},
      intervalMs: 50,
      onError: (e) => errors.push(e),
      onReload: (c) => reloads.push(c),
    });
    expect(client.options.baseUrl).toBe(`http://127.0.0.1:${srv.port}/one`);
    writeFileSync(f, `[general]\nhost = http://127.0.0.1:${srv.port}/two\n`);
    await waitFor(() => reloads.length === 1);
    expect(client.options.baseUrl).toBe(`http://127.0.0.1:${srv.port}/two`);
    expect(await client.request({ method: 'GET', path: '/x' })).toEqual({ url: '/two/x' });
    writeFileSync(f, '[general]\nhost = http://x\n[broken\n');
    await waitFor(() => errors.length === 1);
    expect(errors[0]).toBeInstanceOf(ConfigError);
    expect(errors[0]?.file).toBe(f);
    expect(errors[0]?.line).toBe(3);
    expect(client.options.baseUrl).toBe(`http://127.0.0.1:${srv.port}/two`);
    expect(handle.config.general.host).toBe(`http://127.0.0.1:${srv.port}/two`);
    handle.close();
    await client.close();
  });

  it('live_reload_config = false turns watching off', async () => {
    const d = dir();
    const f = join(d, 'config');
    writeFileSync(f, '[general]\nlive_reload_config = false\nhost = https://a.test\n');
    const client = new HttpClient({ baseUrl: 'http://127.0.0.1:1' });
    const handle = useConfigFile(client, { path: f, env: {}, intervalMs: 50 });
    writeFileSync(f, '[general]\nlive_reload_config = false\nhost = https://b.test\n');
    await new Promise((r) => setTimeout(r, 400));
    expect(client.options.baseUrl).toBe('https://a.test');
    handle.close();
  });

  it('watchConfig sees a file created after start and does not keep the process alive', async () => {
    const d = dir();
    const f = join(d, 'later.json');
    const seen: SkyportConfig[] = [];
    const w = watchConfig(f, (c) => seen.push(c), undefined, { env: {}, intervalMs: 50 });
    writeFileSync(f, '{"logging":{"log_level":"error"}}');
    await waitFor(() => seen.length === 1);
    expect(seen[0]?.logging.level).toBe('error');
    w.close();
    // A child process that only watches must exit on its own.
    const { spawnSync } = await import('node:child_process');
    const entry = new URL('../dist/index.js', import.meta.url).href;
    const script = `import(${JSON.stringify(entry)}).then(m => { m.watchConfig(${JSON.stringify(f)}, () => {}); })`;
    // Killed (status null) if the watcher kept it alive past the timeout.
    const r = spawnSync(process.execPath, ['-e', script], { timeout: 10_000 });
    expect(r.stderr.toString()).toBe('');
    expect(r.status).toBe(0);
  });
});

async function waitFor(cond: () => boolean, ms = 5000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
