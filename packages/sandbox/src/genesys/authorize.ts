import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../context.js';
import { randomId } from '../random.js';
import { issueTokens, redirectAllowed } from './oauth.js';
import type { GenesysState, OAuthClient } from './state.js';

export interface AuthorizeOptions {
  tokenTtlSeconds: number;
}

/** Cookie holding the login form's browser session. */
export const SESSION_COOKIE = 'skyport_genesys_session';
/** Lifetime of authorization codes. */
const CODE_TTL_MS = 5 * 60_000;

const AUTHORIZE_FIELDS = [
  'client_id',
  'redirect_uri',
  'response_type',
  'state',
  'scope',
  'code_challenge',
  'code_challenge_method',
] as const;

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function page(reply: FastifyReply, status: number, title: string, body: string) {
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title></head>` +
        `<body><h1>${esc(title)}</h1>${body}</body></html>`,
    );
}

function errorPage(reply: FastifyReply, status: number, message: string) {
  return page(reply, status, 'Sign-in error', `<p id="error">${esc(message)}</p>`);
}

function loginForm(reply: FastifyReply, status: number, params: Record<string, string>, problem?: string) {
  const hidden = AUTHORIZE_FIELDS.filter((k) => params[k] !== undefined)
    .map((k) => `<input type="hidden" name="${k}" value="${esc(params[k] as string)}">`)
    .join('');
  return page(
    reply,
    status,
    'Sign in to the Skyport sandbox',
    `${problem ? `<p id="error" role="alert">${esc(problem)}</p>` : ''}` +
      `<form method="post" action="/login/oauth/authorize">${hidden}` +
      '<label>Username <input name="username" type="text" autocomplete="username" required></label> ' +
      '<label>Password <input name="password" type="password" autocomplete="current-password" required></label> ' +
      '<button type="submit">Sign in</button></form>',
  );
}

/** String-valued parameters of a query or form body (repeated or non-string values are dropped). */
function params(source: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!source || typeof source !== 'object') return out;
  for (const [k, v] of Object.entries(source)) if (typeof v === 'string') out[k] = v;
  return out;
}

/**
 * Genesys login pages under /login: `GET|POST /oauth/authorize` (implicit and code flows with PKCE, an HTML form for
 * the seeded users, or non-interactive `login_hint` + `password`) and `GET /logout`.
 */
export function registerAuthorize(
  app: FastifyInstance,
  ctx: SandboxContext,
  state: () => GenesysState,
  options: AuthorizeOptions,
) {
  const handle = (request: FastifyRequest, reply: FastifyReply, p: Record<string, string>, form: boolean) => {
    const s = state();
    // Until the client and redirect URI are known to be good, errors are pages, never redirects.
    if (!p.client_id) return errorPage(reply, 400, 'client_id is required');
    const client = s.clients.get(p.client_id);
    if (!client) return errorPage(reply, 400, `unknown client_id ${p.client_id}`);
    const redirectUri = p.redirect_uri;
    if (!redirectUri) return errorPage(reply, 400, 'redirect_uri is required');
    if (!redirectAllowed(client, redirectUri)) {
      return errorPage(reply, 400, `redirect_uri ${redirectUri} is not registered for client ${client.id}`);
    }
    const implicit = p.response_type === 'token';
    const back = (values: Record<string, string>) => {
      const target = new URL(redirectUri);
      const all = { ...values, ...(p.state !== undefined ? { state: p.state } : {}) };
      if (implicit) target.hash = new URLSearchParams(all).toString();
      else for (const [k, v] of Object.entries(all)) target.searchParams.set(k, v);
      return reply.header('cache-control', 'no-store').redirect(target.toString(), 302);
    };
    const fail = (error: string, description: string) => back({ error, error_description: description });

    if (p.response_type !== 'code' && p.response_type !== 'token') {
      return fail('unsupported_response_type', 'response_type must be code or token');
    }
    const grant = implicit ? 'implicit' : 'authorization_code';
    if (!client.grants.includes(grant)) {
      return fail('unauthorized_client', `client ${client.id} may not use the ${grant} flow`);
    }
    let method: 'S256' | 'plain' | undefined;
    if (p.code_challenge !== undefined) {
      if (implicit) return fail('invalid_request', 'code_challenge is only for response_type=code');
      method = (p.code_challenge_method ?? 'plain') as 'S256' | 'plain';
      if (method !== 'S256' && method !== 'plain') {
        return fail('invalid_request', 'code_challenge_method must be S256 or plain');
      }
      if (!/^[A-Za-z0-9._~-]{43,128}$/.test(p.code_challenge)) {
        return fail('invalid_request', 'code_challenge must be 43-128 characters [A-Za-z0-9._~-]');
      }
    } else if (!implicit && client.secret === '') {
      return fail('invalid_request', `client ${client.id} is public and must send a PKCE code_challenge`);
    }

    // Who is signing in: form post, non-interactive login_hint + password, or an existing browser session.
    let userId: string | undefined;
    const username = form ? p.username : p.login_hint;
    const password = p.password;
    if (username !== undefined && password !== undefined) {
      const account = s.accounts.get(username.toLowerCase());
      if (!account || account.password !== password || !s.users.has(account.userId)) {
        return loginForm(reply, 401, p, 'Unknown username or wrong password.');
      }
      userId = account.userId;
      const session = randomId(ctx.random);
      s.sessions.set(session, userId);
      reply.setCookie(SESSION_COOKIE, session, { path: '/login', httpOnly: true, sameSite: 'lax' });
    } else if (form) {
      return loginForm(reply, 400, p, 'Username and password are required.');
    } else {
      const session = request.cookies[SESSION_COOKIE];
      const sessionUser = session ? s.sessions.get(session) : undefined;
      if (sessionUser && s.users.has(sessionUser) && p.prompt !== 'login') userId = sessionUser;
    }
    if (!userId) return loginForm(reply, 200, p);

    if (implicit) {
      const t = issueTokens(ctx, s, options.tokenTtlSeconds, { clientId: client.id, userId, refresh: false });
      return back({ access_token: t.access_token, token_type: 'bearer', expires_in: String(t.expires_in) });
    }
    const code = randomId(ctx.random).replace(/-/g, '');
    s.authCodes.set(code, {
      code,
      clientId: (client as OAuthClient).id,
      userId,
      redirectUri,
      ...(p.code_challenge !== undefined ? { codeChallenge: p.code_challenge } : {}),
      ...(method ? { codeChallengeMethod: method } : {}),
      expiresAt: ctx.now() + CODE_TTL_MS,
      used: false,
      issued: [],
    });
    return back({ code });
  };

  app.get('/login/oauth/authorize', async (request, reply) =>
    handle(request, reply, params(request.query), false),
  );
  app.post('/login/oauth/authorize', async (request, reply) =>
    handle(request, reply, params(request.body), true),
  );

  // Ends the browser session; redirects only to a URI registered by some client.
  app.get('/login/logout', async (request, reply) => {
    const s = state();
    const session = request.cookies[SESSION_COOKIE];
    if (session) s.sessions.delete(session);
    reply.clearCookie(SESSION_COOKIE, { path: '/login' });
    const target = params(request.query).redirect_uri;
    if (target === undefined) return page(reply, 200, 'Signed out', '<p>You are signed out.</p>');
    if (![...s.clients.values()].some((c) => redirectAllowed(c, target))) {
      return errorPage(reply, 400, `redirect_uri ${target} is not registered for any client`);
    }
    return reply.redirect(target, 302);
  });
}
