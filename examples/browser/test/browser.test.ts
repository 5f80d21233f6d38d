// The browser example in real headless Chromium against the in-process sandbox: PKCE and implicit sign-in through
// the sandbox's login form, token persistence and sign-out, a tampered `state`, presence notifications, Particle
// devices and live events, and a screenshot in artifacts/.
import { join } from 'node:path';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifacts, CHROMIUM, type Harness, hasChromium, openApp, startHarness, waitFor } from './harness';

const TOKEN_KEY = 'skyport_example_genesys_auth_data';
const PARTICLE_TOKEN_KEY = 'skyport_example_particle_token';

if (!hasChromium) {
  console.warn(
    `examples/browser: skipping the end-to-end tests: ${CHROMIUM} is absent (apt-get install -y chromium)`,
  );
}

describe.skipIf(!hasChromium)('browser example in headless Chromium', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  });

  /** A Particle token of the test's own, for calls the page does not make. */
  async function particleToken(): Promise<string> {
    const res = await fetch(`${h.sandbox.url}/oauth/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${btoa('particle-api:particle-api')}` },
      body: new URLSearchParams({
        grant_type: 'password',
        username: h.sandbox.particle.username,
        password: h.sandbox.particle.password,
      }),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { access_token: string }).access_token;
  }

  const storage = (key: string) => h.page.evaluate((k) => localStorage.getItem(k), key);
  const tokenRequests = (grant: string) =>
    h.sandbox
      .requests()
      .filter(
        (r) =>
          r.method === 'POST' &&
          r.url.startsWith('/login/oauth/token') &&
          (r.body as Record<string, unknown> | undefined)?.grant_type === grant,
      );

  /** Clicks "Sign in", fills the sandbox's login form (optionally after running `tamper` on it) and submits. */
  async function signInThroughForm(options: { implicit?: boolean; tamper?: () => Promise<void> } = {}) {
    const { page, sandbox } = h;
    await page.setChecked('#gc-implicit', options.implicit ?? false);
    await page.click('#gc-login');
    await page.waitForURL((u) => u.href.startsWith(`${sandbox.genesys.loginUrl}/oauth/authorize`));
    const authorize = new URL(page.url());
    expect(authorize.searchParams.get('client_id')).toBe(
      options.implicit ? sandbox.genesys.implicitClientId : sandbox.genesys.pkceClientId,
    );
    expect(authorize.searchParams.get('response_type')).toBe(options.implicit ? 'token' : 'code');
    const user = sandbox.genesys.users[0];
    if (!user) throw new Error('the sandbox has no seeded users');
    await page.fill('input[name=username]', user.username);
    await page.fill('input[name=password]', user.password);
    await options.tamper?.();
    await Promise.all([
      page.waitForURL((u) => u.href.startsWith(h.appUrl)),
      page.click('button[type=submit]'),
    ]);
    await waitFor(h, 'body[data-ready="true"]');
    return authorize;
  }

  it('signs in with PKCE through the sandbox login form and shows the user and presence', async () => {
    const { page, sandbox } = h;
    await openApp(h);
    expect(await page.isVisible('#gc-signed-out')).toBe(true);
    expect(await storage(TOKEN_KEY)).toBeNull();

    const authorize = await signInThroughForm();
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorize.searchParams.get('state')).toBeTruthy();

    await waitFor(h, '#gc-signed-in:not([hidden])');
    const user = sandbox.genesys.users[0]!;
    expect(await page.textContent('#gc-name')).toBe(user.name);
    expect(await page.textContent('#gc-presence')).toBe('Available');
    expect(await page.textContent('#gc-grant')).toBe('Authorization code with PKCE');
    expect(await page.isVisible('#gc-error')).toBe(false);
    // The code and state are gone from the address bar, so a reload cannot replay them.
    expect(page.url()).toBe(h.appUrl);

    // The code was exchanged with its verifier, by the public client, once.
    const exchanges = tokenRequests('authorization_code');
    expect(exchanges).toHaveLength(1);
    const form = exchanges[0]!.body as Record<string, string>;
    expect(form.client_id).toBe(sandbox.genesys.pkceClientId);
    expect(form.code_verifier).toBeTruthy();
    expect(exchanges[0]!.status).toBe(200);

    const stored = JSON.parse((await storage(TOKEN_KEY)) ?? 'null') as { accessToken?: string } | null;
    expect(stored?.accessToken).toMatch(/\S{16,}/);
  });

  it('keeps the token across a reload without signing in again', async () => {
    const { page } = h;
    const before = await storage(TOKEN_KEY);
    const logins = h.sandbox.requests().filter((r) => r.url.startsWith('/login/')).length;
    await page.reload();
    await waitFor(h, 'body[data-ready="true"]');
    expect(await page.isVisible('#gc-signed-in')).toBe(true);
    expect(await page.textContent('#gc-name')).toBe(h.sandbox.genesys.users[0]!.name);
    expect(await storage(TOKEN_KEY)).toBe(before);
    expect(h.sandbox.requests().filter((r) => r.url.startsWith('/login/')).length).toBe(logins);
    const me = h.sandbox.requests().filter((r) => r.url.startsWith('/api/v2/users/me'));
    expect(me.at(-1)?.status).toBe(200);
    expect(me.at(-1)?.headers.origin).toBe(new URL(h.appUrl).origin);
  });

  it('changes the presence and shows the notification arriving over the WebSocket', async () => {
    const { page } = h;
    await page.selectOption('#gc-presence-select', 'Busy');
    await page.click('#gc-presence-form button[type=submit]');
    await waitFor(h, '#gc-notifications li');
    expect(await page.textContent('#gc-notifications li')).toMatch(/v2\.users\.\S+\.presence: Busy$/);
    expect(await page.textContent('#gc-presence')).toBe('Busy');
    const patch = h.sandbox
      .requests()
      .find((r) => r.method === 'PATCH' && r.url.includes('/presences/purecloud'));
    expect(patch?.body).toEqual({ presenceDefinition: { systemPresence: 'Busy' } });
  });

  it('shows a wrong Particle password as a visible error', async () => {
    const { page } = h;
    await openApp(h);
    await waitFor(h, '#particle-login:not([hidden])');
    await page.fill('#particle-password', 'not-the-password');
    await page.click('#particle-login button[type=submit]');
    await waitFor(h, '#particle-error:not([hidden])');
    expect(await page.textContent('#particle-error')).toMatch(/^Particle sign-in failed: 4\d\d .+/);
    expect(await page.isVisible('#particle-login')).toBe(true);
    expect(await storage(PARTICLE_TOKEN_KEY)).toBeNull();
  });

  it('signs in to Particle and lists the devices', async () => {
    const { page, sandbox } = h;
    await openApp(h);
    await waitFor(h, '#particle-login:not([hidden])');
    expect(await page.inputValue('#particle-username')).toBe(sandbox.particle.username);
    await page.click('#particle-login button[type=submit]');
    await waitFor(h, '#particle-signed-in:not([hidden])');
    const devices = await page.$$eval('#devices tbody tr', (rows) =>
      rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent)),
    );
    const names = devices.map((d) => d[0]);
    expect(names).toEqual(expect.arrayContaining(['kettle', 'garage']));
    expect(devices.find((d) => d[0] === 'kettle')?.[2]).toBe('online');
    expect(devices.find((d) => d[0] === 'garage')?.[2]).toBe('offline');
    expect(await storage(PARTICLE_TOKEN_KEY)).toBeTruthy();
    // (The live events panel may report its own problem; see the next test.)
    expect(await page.textContent('#particle-error')).not.toMatch(/sign-in failed|Could not load/);
    await page.screenshot({ path: join(artifacts, 'browser-example.png'), fullPage: true });

    // The Particle token survives a reload too: devices come back without another login.
    const logins = sandbox.requests().filter((r) => r.method === 'POST' && r.url === '/oauth/token').length;
    await openApp(h);
    await waitFor(h, '#particle-signed-in:not([hidden])');
    expect(await page.$$eval('#devices tbody tr', (rows) => rows.length)).toBe(devices.length);
    expect(sandbox.requests().filter((r) => r.method === 'POST' && r.url === '/oauth/token').length).toBe(
      logins,
    );
  });

  it('renders live Particle events published through the sandbox', async () => {
    const { page, sandbox } = h;
    // Publish through the sandbox's API with a token of our own while the page watches.
    const access_token = await particleToken();

    // A browser reads a cross-origin stream only when the answer carries CORS headers (the Particle cloud sends
    // them, and so must the sandbox).
    const probe = new AbortController();
    const stream = await fetch(`${sandbox.url}/v1/devices/events`, {
      headers: { authorization: `Bearer ${access_token}`, origin: new URL(h.appUrl).origin },
      signal: probe.signal,
    });
    const cors = stream.headers.get('access-control-allow-origin');
    probe.abort();
    expect(stream.status).toBe(200);
    expect(cors).toBe(new URL(h.appUrl).origin);

    await waitFor(h, '#events-status:text-is("live")');
    const marks = ['first', 'second', 'third'].map((n) => `${n}-${Date.now()}`);
    for (const data of marks) {
      const res = await fetch(`${sandbox.url}/v1/devices/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'e2e/greeting', data, private: true }),
      });
      expect(res.status).toBe(200);
    }
    await page.waitForFunction(
      (n) => document.querySelectorAll('#events tbody tr[data-event="e2e/greeting"]').length === n,
      marks.length,
    );
    const rows = await page.$$eval('#events tbody tr', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)),
    );
    // Newest first, each once, with name, data and the publisher.
    expect(rows.map((r) => r[2])).toEqual([...marks].reverse());
    expect(rows.every((r) => r[1] === 'e2e/greeting' && r[3] === 'api')).toBe(true);
    await page.screenshot({ path: join(artifacts, 'browser-example.png'), fullPage: true });
  });

  it('signs out of Particle: the token is deleted on the server and forgotten', async () => {
    const { page, sandbox } = h;
    const token = await storage(PARTICLE_TOKEN_KEY);
    expect(token).toBeTruthy();
    await page.click('#particle-logout');
    await waitFor(h, '#particle-login:not([hidden])');
    expect(await storage(PARTICLE_TOKEN_KEY)).toBeNull();
    const gone = await fetch(`${sandbox.url}/v1/devices`, { headers: { authorization: `Bearer ${token}` } });
    expect(gone.status).toBe(401);
  });

  it('asks for the one-time code when the Particle account has two-step authentication', async () => {
    const { page, sandbox } = h;
    const api = async (method: string, path: string, token: string, body?: object) => {
      const res = await fetch(`${sandbox.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      expect(res.status, `${method} ${path}`).toBe(200);
      return (await res.json()) as Record<string, string>;
    };
    const token = await particleToken();
    const enrolment = await api('GET', '/v1/user/mfa-enable', token);
    const totp = new TOTP({ secret: Secret.fromBase32(enrolment.secret!) });
    await api('POST', '/v1/user/mfa-enable', token, { mfa_token: enrolment.mfa_token, otp: totp.generate() });
    try {
      await waitFor(h, '#particle-login:not([hidden])');
      await page.click('#particle-login button[type=submit]');
      await waitFor(h, '#particle-otp-row:not([hidden])');
      expect(await page.textContent('#particle-error')).toMatch(/^One more step: .*two-step authentication/);
      await page.fill('#particle-otp', '000000' === totp.generate() ? '111111' : '000000');
      await page.click('#particle-login button[type=submit]');
      await waitFor(h, '#particle-error:text-matches("Particle sign-in failed")');
      expect(await page.textContent('#particle-error')).toMatch(/400 .*Invalid one-time password/);
      expect(await storage(PARTICLE_TOKEN_KEY)).toBeNull();
      // The code step stays open for another try.
      expect(await page.isVisible('#particle-otp-row')).toBe(true);
      await page.fill('#particle-otp', totp.generate());
      await page.click('#particle-login button[type=submit]');
      await waitFor(h, '#particle-signed-in:not([hidden])');
      expect(await storage(PARTICLE_TOKEN_KEY)).toBeTruthy();
      expect(await page.$$eval('#devices tbody tr', (rows) => rows.length)).toBeGreaterThan(0);
      await page.click('#particle-logout');
      await waitFor(h, '#particle-login:not([hidden])');
    } finally {
      await api('PUT', '/v1/user/mfa-disable', token, { current_password: sandbox.particle.password });
    }
  });

  it('signs out: the token is revoked and cleared, and stays gone after a reload', async () => {
    const { page } = h;
    await Promise.all([page.waitForURL((u) => u.href.startsWith(h.appUrl)), page.click('#gc-logout')]);
    await waitFor(h, 'body[data-ready="true"]');
    await waitFor(h, '#gc-signed-out:not([hidden])');
    expect(await storage(TOKEN_KEY)).toBeNull();
    const requests = h.sandbox.requests();
    expect(requests.some((r) => r.method === 'DELETE' && r.url === '/api/v2/tokens/me')).toBe(true);
    // The login service's session was ended too (the next sign-in shows the form again).
    expect(requests.some((r) => r.url.startsWith('/login/logout'))).toBe(true);
    await page.reload();
    await waitFor(h, 'body[data-ready="true"]');
    expect(await page.isVisible('#gc-signed-out')).toBe(true);
    expect(await page.isVisible('#gc-error')).toBe(false);
    expect(await storage(TOKEN_KEY)).toBeNull();
  });

  it('signs in with the implicit grant behind the toggle', async () => {
    const { page } = h;
    await signInThroughForm({ implicit: true });
    await waitFor(h, '#gc-signed-in:not([hidden])');
    expect(await page.textContent('#gc-grant')).toBe('Implicit grant');
    expect(await page.textContent('#gc-name')).toBe(h.sandbox.genesys.users[0]!.name);
    expect(page.url()).toBe(h.appUrl); // the #access_token fragment is gone
    expect(await storage(TOKEN_KEY)).toBeTruthy();
    await Promise.all([page.waitForURL((u) => u.href.startsWith(h.appUrl)), page.click('#gc-logout')]);
    await waitFor(h, '#gc-signed-out:not([hidden])');
    expect(await storage(TOKEN_KEY)).toBeNull();
  });

  it('refuses a sign-in answer that this tab did not ask for (forged implicit redirect)', async () => {
    const { page, sandbox } = h;
    // A real token of another user, delivered to the page's redirect URI without the page starting a sign-in.
    const other = sandbox.genesys.users[1]!;
    const res = await fetch(
      `${sandbox.genesys.loginUrl}/oauth/authorize?${new URLSearchParams({
        client_id: sandbox.genesys.implicitClientId,
        response_type: 'token',
        redirect_uri: h.appUrl,
        state: 'attacker-state',
        login_hint: other.username,
        password: other.password,
      })}`,
      { redirect: 'manual' },
    );
    expect(res.status).toBe(302);
    const forged = res.headers.get('location')!;
    expect(forged).toContain('#access_token=');
    await page.goto('about:blank'); // a fresh load, as from a link elsewhere (not a same-page fragment change)
    await openApp(h, forged);
    await waitFor(h, '#gc-error:not([hidden])');
    expect(await page.textContent('#gc-error')).toMatch(
      /Sign-in was rejected: AuthError: this tab did not start a sign-in/,
    );
    expect(await page.isVisible('#gc-signed-out')).toBe(true);
    expect(await storage(TOKEN_KEY)).toBeNull();
    expect(page.url()).toBe(h.appUrl);
  });

  it('rejects a redirect whose state was tampered with, with a visible error and no token', async () => {
    const { page } = h;
    const exchangesBefore = tokenRequests('authorization_code').length;
    await signInThroughForm({
      // The hidden `state` field of the login form is what the login service sends back.
      tamper: () =>
        page.$eval('input[name=state]', (el) => {
          (el as HTMLInputElement).value = 'forged-state';
        }),
    });
    await waitFor(h, '#gc-error:not([hidden])');
    const error = await page.textContent('#gc-error');
    expect(error).toContain('Sign-in was rejected');
    expect(error).toContain('AuthError');
    expect(error).toMatch(/state mismatch/);
    expect(await page.isVisible('#gc-signed-out')).toBe(true);
    expect(await storage(TOKEN_KEY)).toBeNull();
    // The forged answer's code was never exchanged.
    expect(tokenRequests('authorization_code')).toHaveLength(exchangesBefore);
    expect(page.url()).toBe(h.appUrl);
    expect(h.pageErrors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  });
});
