// Test scaffolding for the compat tests: a sandbox gateway for ApiClient, a Storage for the browser-only
// persistence paths and a minimal browser `window` for the redirect flows (the CONNECT proxy and test CA live in
// @skyport/test-support).
import type { Sandbox } from '@skyport/sandbox';

export interface GatewayCapable {
  setGateway(g: {
    host: string;
    protocol: string;
    port: number;
    path_params_login: string;
    path_params_api: string;
  }): void;
}

/** Points an ApiClient (ours or the official one) at a loopback server: login under /login, the API at the root. */
export function useLoopback(client: GatewayCapable, port: number, host = '127.0.0.1'): void {
  client.setGateway({ host, protocol: 'http', port, path_params_login: 'login', path_params_api: '' });
}

/** Points an ApiClient (ours or the official one) at the sandbox through its gateway setting. */
export function useSandbox(client: GatewayCapable, sb: Sandbox): void {
  const url = new URL(sb.url);
  useLoopback(client, Number(url.port), url.hostname);
}

/** A Web Storage (localStorage/sessionStorage) kept in memory, as browsers provide it. */
export class MemoryStorage implements Storage {
  private data = new Map<string, string>();
  get length(): number {
    return this.data.size;
  }
  clear(): void {
    this.data.clear();
  }
  getItem(key: string): string | null {
    return this.data.has(key) ? (this.data.get(key) as string) : null;
  }
  key(index: number): string | null {
    return [...this.data.keys()][index] ?? null;
  }
  removeItem(key: string): void {
    this.data.delete(key);
  }
  setItem(key: string, value: string): void {
    this.data.set(key, String(value));
  }
}

export interface FakeWindow {
  location: { hash: string; search: string; pathname: string; replace(url: string): void };
  history: { replaceState(data: unknown, title: string, url: string): void };
  document: { title: string };
  /** URLs the page was sent to with location.replace. */
  navigations: string[];
}

/** Installs `window`, `localStorage` and `sessionStorage` globals; returns the window and an uninstall function. */
export function installBrowser(): { window: FakeWindow; uninstall: () => void } {
  const g = globalThis as Record<string, unknown>;
  const saved = { window: g.window, localStorage: g.localStorage, sessionStorage: g.sessionStorage };
  const navigations: string[] = [];
  const win: FakeWindow = {
    location: {
      hash: '',
      search: '',
      pathname: '/app',
      replace(url: string) {
        navigations.push(url);
      },
    },
    history: {
      replaceState(_data, _title, url) {
        const u = new URL(url, 'http://app.local');
        win.location.pathname = u.pathname;
        win.location.search = u.search;
        win.location.hash = u.hash;
      },
    },
    document: { title: 'test' },
    navigations,
  };
  g.window = win;
  g.localStorage = new MemoryStorage();
  g.sessionStorage = new MemoryStorage();
  return {
    window: win,
    uninstall: () => {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete g[k];
        else g[k] = v;
      }
    },
  };
}

/**
 * What a user's browser does at an authorize URL of the sandbox: signs in (non-interactively, with the sandbox's
 * login_hint + password) and returns the redirect target with the code or token.
 */
export async function signInAt(
  authorizeUrl: string,
  user: { username: string; password: string },
): Promise<URL> {
  const url = new URL(authorizeUrl);
  url.searchParams.set('login_hint', user.username);
  url.searchParams.set('password', user.password);
  const res = await fetch(url, { redirect: 'manual' });
  if (res.status !== 302)
    throw new Error(`sign-in at ${url.pathname} answered ${res.status}: ${await res.text()}`);
  return new URL(res.headers.get('location') as string);
}
