import Particle from 'particle-api-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../src/index.js';

let sb: Sandbox;
let token: string;
beforeAll(async () => {
  sb = await startSandbox({ seed: 5 });
  token = (
    await new Particle({ baseUrl: sb.particle.apiUrl }).login({
      username: sb.particle.username,
      password: sb.particle.password,
    })
  ).body.access_token;
});
afterAll(() => sb.close());

// The cloud wraps a created/updated client as { ok, client } (particle-api-js types it unwrapped).
describe('OAuth clients', () => {
  it('creates, lists, updates and deletes clients; a created client logs in with client_credentials', async () => {
    const particle = new Particle({ baseUrl: sb.particle.apiUrl });
    const created = await particle.createOAuthClient({ name: 'Build Bot', type: 'installed', auth: token });
    const client = (created.body as unknown as { client: unknown }).client as {
      id: string;
      secret: string;
      name: string;
    };
    expect(client).toMatchObject({
      name: 'Build Bot',
      type: 'installed',
      id: expect.stringMatching(/^build-bot-/),
      secret: expect.any(String),
    });

    const owner = new Particle({
      baseUrl: sb.particle.apiUrl,
      clientId: client.id,
      clientSecret: client.secret,
    });
    const login = await owner.loginAsClientOwner();
    expect(login.body).toMatchObject({
      token_type: 'bearer',
      access_token: expect.stringMatching(/^[0-9a-f]{40}$/),
    });
    const devices = await particle.listDevices({ auth: login.body.access_token });
    expect((devices.body as unknown[]).length).toBe(4);

    const bad = new Particle({ baseUrl: sb.particle.apiUrl, clientId: client.id, clientSecret: 'wrong' });
    const refused = await bad.loginAsClientOwner().catch((e: { statusCode: number }) => e);
    expect((refused as { statusCode: number }).statusCode).toBe(401);
    const defaultClient = await particle
      .loginAsClientOwner()
      .catch((e: { statusCode: number; body: { error: string } }) => e);
    expect((defaultClient as { body: { error: string } }).body.error).toBe('unauthorized_client');

    const updated = await particle.updateOAuthClient({ clientId: client.id, name: 'Renamed', auth: token });
    expect((updated.body as unknown as { client: unknown }).client).toMatchObject({
      id: client.id,
      name: 'Renamed',
    });
    expect((updated.body as unknown as { client: unknown }).client).not.toHaveProperty('secret');
    const list = await particle.listOAuthClients({ auth: token });
    expect((list.body.clients as { id: string }[]).map((c) => c.id)).toEqual([client.id]);
    const productList = await particle.listOAuthClients({ product: 4242, auth: token });
    expect(productList.body.clients).toEqual([]);
    await particle.deleteOAuthClient({ clientId: client.id, auth: token });
    expect((await particle.listOAuthClients({ auth: token })).body.clients).toEqual([]);
  });

  it('rejects a web client without redirect_uri and an unknown type, naming the field', async () => {
    const particle = new Particle({ baseUrl: sb.particle.apiUrl });
    const noRedirect = await particle
      .createOAuthClient({ name: 'x', type: 'web', auth: token })
      .catch((e: { statusCode: number; body: { error: string } }) => e);
    expect((noRedirect as { statusCode: number }).statusCode).toBe(400);
    expect((noRedirect as { body: { error: string } }).body.error).toMatch(/redirect_uri/);
    const badType = await particle
      .createOAuthClient({ name: 'x', type: 'robot' as 'web', auth: token })
      .catch((e: { body: { error: string } }) => e);
    expect((badType as { body: { error: string } }).body.error).toMatch(/^type must be/);
  });
});
