import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../src/index.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ particle: { publishIntervalMs: 0 } });
});
afterAll(() => sb.close());

describe('one server for both platforms', () => {
  it('serves Genesys login under /login and Particle login at the root without collision', async () => {
    const genesys = await fetch(`${sb.genesys.loginUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `grant_type=client_credentials&client_id=${sb.genesys.clientId}&client_secret=${sb.genesys.clientSecret}`,
    });
    expect(genesys.status).toBe(200);
    expect(((await genesys.json()) as { token_type: string }).token_type).toBe('bearer');

    const particle = await fetch(`${sb.particle.apiUrl}/oauth/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from('particle-api:particle-api').toString('base64')}`,
      },
      body: new URLSearchParams({
        grant_type: 'password',
        username: sb.particle.username,
        password: sb.particle.password,
      }),
    });
    expect(particle.status).toBe(200);
    const tok = ((await particle.json()) as { access_token: string }).access_token;
    const devices = await fetch(`${sb.url}/v1/devices`, { headers: { authorization: `Bearer ${tok}` } });
    expect(devices.status).toBe(200);
    expect(Array.isArray(await devices.json())).toBe(true);
  });

  it('applies faults to Particle routes too', async () => {
    sb.faults.add({ kind: 'status', route: 'GET /v1/devices', status: 502, count: 1 });
    const res = await fetch(`${sb.url}/v1/devices`);
    expect(res.status).toBe(502);
  });
});
