import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Sandbox, startSandbox } from '@skyport/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skyport, tempConfigDir } from './helpers.js';

describe('skyport gc without a profile (in-process sandbox)', () => {
  const configDir = tempConfigDir();

  it('calls getUsersMe with --expand presence', async () => {
    const r = await skyport(['gc', 'getUsersMe', '--expand', 'presence', '--output', 'json'], { configDir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const me = JSON.parse(r.stdout) as { id: string; presence?: { presenceDefinition?: unknown } };
    expect(me.id).toMatch(/\S/);
    expect(me.presence).toBeDefined();
    const plain = await skyport(['gc', 'getUsersMe', '--output', 'json'], { configDir });
    expect(JSON.parse(plain.stdout).presence).toBeUndefined();
  });

  it('renders a table by default and yaml on request', async () => {
    const table = await skyport(['gc', 'getUsersMe'], { configDir });
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/│ selfUri\s+│ \/api\/v2\/users\//);
    const yaml = await skyport(['--output', 'yaml', 'gc', 'getUsersMe'], { configDir });
    expect(yaml.code).toBe(0);
    expect(yaml.stdout).toMatch(/^selfUri: \/api\/v2\/users\//m);
  });

  it('--all follows every page of the routing queues', async () => {
    const r = await skyport(['gc', 'getRoutingQueues', '--pageSize', '100', '--all', '--output', 'json'], {
      configDir,
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const queues = JSON.parse(r.stdout) as { id: string }[];
    expect(queues).toHaveLength(250);
    expect(new Set(queues.map((q) => q.id)).size).toBe(250);
    const first = await skyport(['gc', 'getRoutingQueues', '--pageSize', '100', '--output', 'json'], {
      configDir,
    });
    const page = JSON.parse(first.stdout) as { entities: unknown[]; pageCount: number };
    expect(page.entities).toHaveLength(100);
    expect(page.pageCount).toBe(3);
  });

  it('--list finds operations by words of the id, path or tag', async () => {
    const r = await skyport(['gc', '--list', 'users', 'me', '--output', 'json'], { configDir });
    expect(r.code).toBe(0);
    const ops = JSON.parse(r.stdout) as { id: string; method: string; path: string }[];
    expect(ops).toContainEqual({ id: 'getUsersMe', method: 'GET', path: '/api/v2/users/me' });
    for (const op of ops) expect(`${op.id} ${op.path}`.toLowerCase()).toMatch(/me/);
    const all = await skyport(['gc', '--list', '--output', 'json'], { configDir });
    expect((JSON.parse(all.stdout) as unknown[]).length).toBe(3315);
    const table = await skyport(['gc', '--list', 'routing', 'queues', 'members'], { configDir });
    expect(table.stdout).toMatch(
      /│ getRoutingQueueMembers\s+│ GET\s+│ \/api\/v2\/routing\/queues\/\{queueId\}\/members/,
    );
  });

  it('<op> --help lists the parameters with where they go and their types', async () => {
    const r = await skyport(['gc', 'getRoutingQueues', '--help'], { configDir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('getRoutingQueues  GET /api/v2/routing/queues');
    expect(r.stdout).toMatch(/--pageSize <value>\s+query, number/);
    expect(r.stdout).toMatch(/--expand <value>\s+query, string\[\], repeat the flag or separate with commas/);
    expect(r.stdout).toMatch(/--hasPeer <true\|false>\s+query, boolean/);
    const body = await skyport(['gc', 'postUsers', '--help'], { configDir });
    expect(body.stdout).toContain('usage: skyport gc postUsers --body <file|-|json>');
    const usage = await skyport(['gc', '--help'], { configDir });
    expect(usage.code).toBe(0);
    expect(usage.stdout).toContain('skyport gc --list [words...]');
  });

  it('exits 2 naming the parameter for a missing required one, a bad type, an unknown flag or operation', async () => {
    const missing = await skyport(['gc', 'getRoutingQueue'], { configDir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('error: getRoutingQueue: missing required parameter --queueId\n');
    const empty = await skyport(['gc', 'getRoutingQueue', '--queueId', ''], { configDir });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toBe('error: getRoutingQueue: missing required parameter --queueId\n');
    const type = await skyport(['gc', 'getRoutingQueues', '--pageSize', 'ten'], { configDir });
    expect(type.code).toBe(2);
    expect(type.stderr).toBe('error: getRoutingQueues --pageSize: expected a number, got "ten"\n');
    const bool = await skyport(['gc', 'getRoutingQueues', '--hasPeer=maybe'], { configDir });
    expect(bool.code).toBe(2);
    expect(bool.stderr).toContain('getRoutingQueues --hasPeer: expected true or false, got "maybe"');
    const flag = await skyport(['gc', 'getUsersMe', '--expnad', 'presence'], { configDir });
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('getUsersMe has no parameter --expnad (parameters: --expand,');
    const op = await skyport(['gc', 'getUserMe'], { configDir });
    expect(op.code).toBe(2);
    expect(op.stderr).toMatch(/unknown operation "getUserMe" \(did you mean .*getUsersMe/);
    const body = await skyport(['gc', 'postUsers'], { configDir });
    expect(body.code).toBe(2);
    expect(body.stderr).toContain('postUsers: missing required --body');
    const all = await skyport(['gc', 'getUsersMe', '--all'], { configDir });
    expect(all.code).toBe(2);
    expect(all.stderr).toContain('getUsersMe --all: the operation does not page');
    const value = await skyport(['gc', 'getUsersMe', '--expand'], { configDir });
    expect(value.code).toBe(2);
    expect(value.stderr).toContain('--expand needs a value');
  });

  it('exits 3 with the API message, status and correlation id for an API error', async () => {
    const r = await skyport(['gc', 'getRoutingQueue', 'no-such-queue'], { configDir });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^error: queue no-such-queue not found/);
    expect(r.stderr).toMatch(/status: +404/);
    expect(r.stderr).toMatch(/correlation id: +[0-9a-f-]{36}/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('skyport gc with a profile on a running sandbox (client credentials from the environment)', () => {
  let sandbox: Sandbox;
  const configDir = tempConfigDir();
  let env: Record<string, string>;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    writeFileSync(
      join(configDir, 'config'),
      `[profile default]\nenv = sandbox\nsandbox_url = ${sandbox.url}\nclient_id = ${sandbox.genesys.clientId}\n`,
    );
    env = { SKYPORT_CLIENT_SECRET: sandbox.genesys.clientSecret };
  });
  afterAll(async () => {
    await sandbox.close();
  });

  const calls = (path: string) =>
    sandbox.requests().filter((r) => r.url.startsWith(path) && r.method !== 'OPTIONS');

  it('sends repeated and comma-separated array values as repeated query parameters', async () => {
    const r = await skyport(
      ['gc', 'getUsersMe', '--expand', 'presence', '--expand', 'groups,skills', '--output', 'json'],
      { configDir, env },
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).presence).toBeDefined();
    const sent = calls('/api/v2/users/me').at(-1);
    expect(sent?.url).toBe('/api/v2/users/me?expand=presence&expand=groups&expand=skills');
    expect(sent?.headers.authorization).toBeDefined();
    expect(calls('/login/oauth/token').at(-1)?.body).toMatchObject({ grant_type: 'client_credentials' });
  });

  it('POSTs a body from a file and from stdin', async () => {
    const file = join(configDir, 'user.json');
    writeFileSync(file, JSON.stringify({ name: 'Ada Lovelace', email: 'ada@example.com' }));
    const fromFile = await skyport(['gc', 'postUsers', '--body', file, '--output', 'json'], {
      configDir,
      env,
    });
    expect(fromFile.stderr).toBe('');
    expect(fromFile.code).toBe(0);
    const ada = JSON.parse(fromFile.stdout) as { id: string; name: string; email: string };
    expect(ada).toMatchObject({ name: 'Ada Lovelace', email: 'ada@example.com' });
    expect(calls('/api/v2/users').at(-1)?.body).toEqual({ name: 'Ada Lovelace', email: 'ada@example.com' });

    const fromStdin = await skyport(['gc', 'postUsers', '--body', '-', '--output', 'json'], {
      configDir,
      env,
      input: JSON.stringify({ name: 'Grace Hopper', email: 'grace@example.com' }),
    });
    expect(fromStdin.code).toBe(0);
    const grace = JSON.parse(fromStdin.stdout) as { id: string };
    // both users exist on the server, read back by id given as a bare word (the path parameter)
    const back = await skyport(['gc', 'getUser', grace.id, '--output', 'json'], { configDir, env });
    expect(JSON.parse(back.stdout)).toMatchObject({ id: grace.id, name: 'Grace Hopper' });
    const byFlag = await skyport(['gc', 'getUser', '--userId', ada.id, '--output', 'json'], {
      configDir,
      env,
    });
    expect(JSON.parse(byFlag.stdout)).toMatchObject({ id: ada.id });

    const conflict = await skyport(['gc', 'postUsers', '--body', file], { configDir, env });
    expect(conflict.code).toBe(3);
    expect(conflict.stderr).toContain('error: a user with email ada@example.com already exists');
    expect(conflict.stderr).toMatch(/status: +409/);
  });

  it('rejects an unreadable or invalid body before sending anything', async () => {
    const before = sandbox.requests().length;
    const missing = await skyport(['gc', 'postUsers', '--body', join(configDir, 'nope.json')], {
      configDir,
      env,
    });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('postUsers --body: cannot read');
    expect(missing.stderr).toContain('no such file');
    const bad = await skyport(['gc', 'postUsers', '--body', '-'], { configDir, env, input: '{"name": ' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('postUsers --body: stdin is not valid JSON');
    const none = await skyport(['gc', 'getUsersMe', '--body', '{}'], { configDir, env });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('getUsersMe takes no body');
    expect(sandbox.requests().length).toBe(before);
  });

  it('--all sends every page request with the caller parameters', async () => {
    const before = calls('/api/v2/routing/queues').length;
    const r = await skyport(
      ['gc', 'getRoutingQueues', '--pageSize', '20', '--name', 'queue 1', '--all', '--output', 'json'],
      { configDir, env },
    );
    expect(r.code).toBe(0);
    const got = JSON.parse(r.stdout) as { name: string }[];
    // the sandbox names its queues "Queue 001".."Queue 250": Queue 100..199 match
    expect(got.map((q) => q.name)).toEqual(Array.from({ length: 100 }, (_, i) => `Queue ${100 + i}`));
    const sent = calls('/api/v2/routing/queues').slice(before);
    expect(sent).toHaveLength(5);
    for (const s of sent) expect(new URL(s.url, 'http://x').searchParams.get('name')).toBe('queue 1');
    expect(sent.map((s) => new URL(s.url, 'http://x').searchParams.get('pageNumber') ?? '1')).toEqual(
      sent.map((_, i) => String(i + 1)),
    );
  });

  it('exits 2 when the profile has no Genesys login, or its saved token has expired and there is no secret', async () => {
    const dir = tempConfigDir();
    writeFileSync(join(dir, 'config'), `[profile default]\nenv = sandbox\nsandbox_url = ${sandbox.url}\n`);
    const none = await skyport(['gc', 'getUsersMe'], { configDir: dir });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain(
      'profile "default" has no Genesys Cloud login; run `skyport login --profile default`',
    );
    writeFileSync(
      join(dir, 'credentials'),
      `[default]\ngenesys_access_token = stale\ngenesys_expires_at = ${Date.now() - 60_000}\n`,
      { mode: 0o600 },
    );
    const expired = await skyport(['gc', 'getUsersMe'], { configDir: dir });
    expect(expired.code).toBe(2);
    expect(expired.stderr).toContain('the saved Genesys Cloud token of profile "default" has expired');
  });
});
