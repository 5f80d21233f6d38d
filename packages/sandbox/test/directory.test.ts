import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../src/index.js';

let sb: Sandbox;
let admin: string;
beforeAll(async () => {
  sb = await startSandbox({ seed: 11 });
});
afterAll(() => sb.close());
beforeEach(async () => {
  sb.reset();
  const res = await fetch(`${sb.genesys.loginUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `grant_type=client_credentials&client_id=${sb.genesys.clientId}&client_secret=${sb.genesys.clientSecret}`,
  });
  admin = ((await res.json()) as { access_token: string }).access_token;
});

async function call<T = Record<string, unknown>>(method: string, path: string, body?: unknown, tok = admin) {
  const res = await fetch(`${sb.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${tok}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}
type Page<T> = { entities: T[]; total: number; pageCount: number };

describe('presence', () => {
  it('lists definitions and sets a user presence by definition id, reflected in GET presence and users/me', async () => {
    const defs = await call<Page<{ id: string; systemPresence: string; languageLabels: { en_US: string } }>>(
      'GET',
      '/api/v2/presence/definitions',
    );
    expect(defs.body.total).toBe(10);
    const meal = defs.body.entities.find((d) => d.systemPresence === 'Meal');
    expect(meal?.languageLabels.en_US).toBe('Meal');
    expect((await call('GET', `/api/v2/presencedefinitions/${meal?.id}`)).body).toMatchObject({
      id: meal?.id,
    });
    const me = sb.state.genesys.meUserId;
    const patched = await call('PATCH', `/api/v2/users/${me}/presences/purecloud`, {
      presenceDefinition: { id: meal?.id },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ presenceDefinition: { id: meal?.id, systemPresence: 'Meal' } });
    const got = await call('GET', `/api/v2/users/${me}/presences/purecloud`);
    expect(got.body).toMatchObject({ source: 'purecloud', presenceDefinition: { systemPresence: 'Meal' } });
    const view = await call<{ presence: { presenceDefinition: { id: string } } }>(
      'GET',
      '/api/v2/users/me?expand=presence',
    );
    expect(view.body.presence.presenceDefinition.id).toBe(meal?.id);
    const bad = await call<{ message: string }>('PATCH', `/api/v2/users/${me}/presences/purecloud`, {
      presenceDefinition: { id: 'no-such-definition' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe(
      'body.presenceDefinition.id no-such-definition is not a presence definition',
    );
  });
});

describe('authorization', () => {
  it('serves roles, divisions and subjects consistent with the seeded accounts', async () => {
    const roles = await call<Page<{ id: string; name: string; permissions: string[]; userCount: number }>>(
      'GET',
      '/api/v2/authorization/roles',
    );
    expect(roles.body.entities.map((r) => r.name).sort()).toEqual(['admin', 'employee']);
    const employee = roles.body.entities.find((r) => r.name === 'employee');
    expect(employee?.userCount).toBe(2);
    expect((await call('GET', `/api/v2/authorization/roles/${employee?.id}`)).body).toMatchObject({
      name: 'employee',
    });
    expect(
      (await call('GET', '/api/v2/authorization/roles/00000000-0000-4000-a000-000000000000')).status,
    ).toBe(404);

    const divisions = await call<Page<{ id: string; name: string; homeDivision: boolean }>>(
      'GET',
      '/api/v2/authorization/divisions',
    );
    expect(divisions.body.total).toBe(3);
    const home = await call<{ id: string; homeDivision: boolean }>(
      'GET',
      '/api/v2/authorization/divisions/home',
    );
    expect(home.body.homeDivision).toBe(true);
    expect(divisions.body.entities.find((d) => d.homeDivision)?.id).toBe(home.body.id);

    const user1 = sb.genesys.users[1]?.id as string;
    const subject = await call<{
      id: string;
      grants: { role: { name: string }; division: { id: string } }[];
    }>('GET', `/api/v2/authorization/subjects/${user1}`);
    expect(subject.body.grants).toEqual([
      expect.objectContaining({
        subjectId: user1,
        role: expect.objectContaining({ name: 'employee' }),
        division: expect.objectContaining({ id: home.body.id }),
      }),
    ]);
    const mine = await call<{ grants: { role: { name: string } }[] }>(
      'GET',
      '/api/v2/authorization/subjects/me',
    );
    expect(mine.body.grants.map((g) => g.role.name)).toEqual(['admin']);
    // A literal sibling of {subjectId} stays with the spec-driven handler.
    expect((await call('GET', '/api/v2/authorization/subjects/rolecounts')).status).toBe(200);
  });
});

describe('routing skills, wrap-up codes and queue members', () => {
  it('creates, finds, renames and deletes with conflicts and 404s', async () => {
    const skills = await call<Page<{ name: string }>>('GET', '/api/v2/routing/skills?name=span');
    expect(skills.body.entities.map((s) => s.name)).toEqual(['Spanish']);
    const created = await call<{ id: string; name: string; selfUri: string }>(
      'POST',
      '/api/v2/routing/skills',
      { name: 'German' },
    );
    expect(created.status).toBe(200);
    expect(created.body.selfUri).toBe(`/api/v2/routing/skills/${created.body.id}`);
    expect((await call('POST', '/api/v2/routing/skills', { name: 'german' })).status).toBe(409);
    expect(
      (await call<{ message: string }>('POST', '/api/v2/routing/skills', { name: 3 })).body.message,
    ).toBe('body.name is required and must be a non-empty string');
    expect((await call('GET', `/api/v2/routing/skills/${created.body.id}`)).body).toMatchObject({
      name: 'German',
    });
    expect((await call('DELETE', `/api/v2/routing/skills/${created.body.id}`)).status).toBe(204);
    expect((await call('GET', `/api/v2/routing/skills/${created.body.id}`)).status).toBe(404);

    const codes = await call<Page<{ id: string; name: string; version: number }>>(
      'GET',
      '/api/v2/routing/wrapupcodes',
    );
    const first = codes.body.entities[0] as { id: string; version: number };
    const renamed = await call<{ name: string; version: number }>(
      'PUT',
      `/api/v2/routing/wrapupcodes/${first.id}`,
      { name: 'Done' },
    );
    expect(renamed.body).toMatchObject({ name: 'Done', version: first.version + 1 });
    // divisionviews is a literal route of the spec, not a code id.
    expect((await call('GET', '/api/v2/routing/wrapupcodes/divisionviews')).status).toBe(200);
  });

  it('pages queue members and adds/removes them, keeping memberCount in step', async () => {
    const queue = sb.state.genesys.queues[3] as { id: string; memberCount: number };
    const before = await call<Page<{ id: string; user: { id: string } }>>(
      'GET',
      `/api/v2/routing/queues/${queue.id}/members?pageSize=100`,
    );
    expect(before.body.total).toBe(queue.memberCount);
    const outsider = [...sb.state.genesys.users.keys()].find(
      (id) => !before.body.entities.some((m) => m.id === id),
    ) as string;
    expect(
      (await call('POST', `/api/v2/routing/queues/${queue.id}/members`, [{ id: outsider }])).status,
    ).toBe(204);
    const added = await call<{ memberCount: number }>('GET', `/api/v2/routing/queues/${queue.id}`);
    expect(added.body.memberCount).toBe(before.body.total + 1);
    expect(
      (await call('POST', `/api/v2/routing/queues/${queue.id}/members?delete=true`, [{ id: outsider }]))
        .status,
    ).toBe(204);
    expect((await call<Page<unknown>>('GET', `/api/v2/routing/queues/${queue.id}/members`)).body.total).toBe(
      before.body.total,
    );
    const bad = await call<{ message: string }>('POST', `/api/v2/routing/queues/${queue.id}/members`, [
      { id: 'nobody' },
    ]);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe('body[0].id: user nobody not found');

    const u = sb.genesys.users[1] as { username: string; password: string };
    const loc = await fetch(
      `${sb.genesys.loginUrl}/oauth/authorize?${new URLSearchParams({ client_id: sb.genesys.implicitClientId, response_type: 'token', redirect_uri: 'http://localhost:1234/', login_hint: u.username, password: u.password })}`,
      { redirect: 'manual' },
    );
    const employee = new URLSearchParams(new URL(loc.headers.get('location') as string).hash.slice(1)).get(
      'access_token',
    ) as string;
    const denied = await call(
      'POST',
      `/api/v2/routing/queues/${queue.id}/members`,
      [{ id: outsider }],
      employee,
    );
    expect(denied.status).toBe(403);
  });
});

describe('groups', () => {
  it('creates a group, adds and removes members with version checks, and deletes it', async () => {
    const g = await call<{ id: string; version: number; memberCount: number }>('POST', '/api/v2/groups', {
      name: 'Night shift',
      type: 'official',
      visibility: 'public',
      rulesVisible: true,
    });
    expect(g.status).toBe(200);
    expect(g.body.memberCount).toBe(0);
    const missing = await call<{ message: string }>('POST', '/api/v2/groups', {
      name: 'x',
      type: 'official',
      visibility: 'public',
    });
    expect(missing.body.message).toBe('body.rulesVisible is required and must be a boolean');
    const ids = [...sb.state.genesys.users.keys()].slice(0, 2);
    expect(
      (await call('POST', `/api/v2/groups/${g.body.id}/members`, { memberIds: ids, version: 1 })).status,
    ).toBe(200);
    expect(
      (await call('POST', `/api/v2/groups/${g.body.id}/members`, { memberIds: ids, version: 1 })).status,
    ).toBe(409);
    const members = await call<Page<{ id: string }>>('GET', `/api/v2/groups/${g.body.id}/members`);
    expect(members.body.entities.map((m) => m.id)).toEqual(ids);
    expect((await call('DELETE', `/api/v2/groups/${g.body.id}/members?ids=${ids[0]}`)).status).toBe(200);
    expect(
      (await call<{ memberCount: number; version: number }>('GET', `/api/v2/groups/${g.body.id}`)).body,
    ).toMatchObject({ memberCount: 1, version: 3 });
    const list = await call<Page<{ name: string }>>('GET', '/api/v2/groups');
    expect(list.body.entities.map((x) => x.name)).toContain('Night shift');
    expect((await call('DELETE', `/api/v2/groups/${g.body.id}`)).status).toBe(204);
    expect((await call('GET', `/api/v2/groups/${g.body.id}`)).status).toBe(404);
    // GET /api/v2/groups/search stays spec-driven (q64 is required there).
    expect((await call('GET', '/api/v2/groups/search')).status).toBe(400);
  });
});
