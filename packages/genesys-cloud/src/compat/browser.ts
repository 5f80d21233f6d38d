// Browser pieces of the login flows: window, Web Storage, and reading the values the login service puts in the
// URL after a redirect. Everything is looked up when needed, so nothing here touches browser globals at import.

export type WindowLike = {
  location: { hash: string; search: string; pathname: string; replace(url: string): void };
  history?: { replaceState(data: unknown, title: string, url: string): void };
  document?: { title?: string };
};

export function browserWindow(): WindowLike | undefined {
  return (globalThis as { window?: WindowLike }).window;
}

export function storage(kind: 'localStorage' | 'sessionStorage'): Storage | undefined {
  try {
    return (globalThis as unknown as Record<string, Storage | undefined>)[kind];
  } catch {
    return undefined;
  }
}

export function probeLocalStorage(): boolean {
  const ls = storage('localStorage');
  if (!ls) return false;
  try {
    ls.setItem('purecloud_local_storage_test', 'purecloud_local_storage_test');
    ls.removeItem('purecloud_local_storage_test');
    return true;
  } catch {
    return false;
  }
}

/** The `#access_token=…&expires_in=…&state=…` (or `#error=…`) fragment of an implicit-grant redirect. */
export function readRedirectHash(hash: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const part of hash.split('&')) {
    const m = /^#*(.+?)=(.+?)$/i.exec(part);
    if (!m?.[1] || m[2] === undefined) continue;
    // Decoded twice, as the official SDK does (some identity providers encode the token twice).
    try {
      values[m[1]] = decodeURIComponent(decodeURIComponent(m[2].replace(/\+/g, '%20')));
    } catch {
      values[m[1]] = m[2];
    }
  }
  return values;
}

export interface RedirectQuery {
  code?: string;
  state?: string;
  error?: string;
  error_description?: string;
}

/** The `?code=…&state=…` (or `?error=…`) query of an authorization-code redirect. */
export function readRedirectQuery(search: string): RedirectQuery {
  const q = new URLSearchParams(search);
  const error = q.get('error');
  if (error) {
    const description = q.get('error_description');
    return { error, ...(description ? { error_description: description } : {}) };
  }
  const out: RedirectQuery = {};
  const code = q.get('code');
  if (code) {
    out.code = code;
    const state = q.get('state');
    if (state) out.state = state;
  }
  return out;
}
