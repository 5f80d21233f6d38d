// Where the page finds the sandbox and which seeded clients it uses. The sandbox URL is fixed at build time
// (VITE_SANDBOX_URL; `npm run dev` sets it to the sandbox it starts).

/** Origin of the Skyport sandbox (Genesys login under /login, Genesys API under /api/v2, Particle under /v1). */
export const sandboxUrl: string = (import.meta.env.VITE_SANDBOX_URL || 'http://127.0.0.1:4010').replace(
  /\/+$/,
  '',
);

export const genesys = {
  loginUrl: `${sandboxUrl}/login`,
  apiUrl: sandboxUrl,
  /** The sandbox's public clients; any loopback redirect URI is registered for them. */
  pkceClientId: 'sandbox-pkce-client',
  implicitClientId: 'sandbox-implicit-client',
  /** Browser storage prefix: the token lives in localStorage under `skyport_example_genesys_auth_data`. */
  storageKeyPrefix: 'skyport_example_genesys',
};

export const particle = {
  baseUrl: sandboxUrl,
  /** The sandbox's seeded Particle account, filled into the form to save typing. */
  username: 'dev@example.com',
  password: 'sandbox-password',
  /** localStorage key of the Particle token. */
  tokenKey: 'skyport_example_particle_token',
};

/** Where the Genesys login page sends the browser back to: this page, without query or fragment. */
export function redirectUri(): string {
  return `${location.origin}${location.pathname}`;
}
