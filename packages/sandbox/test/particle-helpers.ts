import { createParser, type EventSourceMessage } from 'eventsource-parser';

/** Opens an SSE stream with fetch and collects its events until `count` arrived or the server closed it. */
export async function readEvents(
  url: string,
  token: string,
  opts: { count: number; lastEventId?: string; timeoutMs?: number; onOpen?: () => Promise<void> | void },
): Promise<{ events: EventSourceMessage[]; comments: string[]; closedByServer: boolean }> {
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), opts.timeoutMs ?? 15_000);
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (opts.lastEventId) headers['last-event-id'] = opts.lastEventId;
  const events: EventSourceMessage[] = [];
  const comments: string[] = [];
  let closedByServer = false;
  try {
    const res = await fetch(url, { headers, signal: ac.signal });
    if (res.status !== 200) throw new Error(`stream answered ${res.status}: ${await res.text()}`);
    const parser = createParser({ onEvent: (e) => events.push(e), onComment: (c) => comments.push(c) });
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let opened = false;
    while (events.length < opts.count) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (e) {
        if (ac.signal.aborted) throw e;
        closedByServer = true;
        break;
      }
      if (chunk.done) {
        closedByServer = true;
        break;
      }
      parser.feed(decoder.decode(chunk.value, { stream: true }));
      if (!opened && comments.length > 0) {
        opened = true;
        await opts.onOpen?.();
      }
    }
    ac.abort();
  } finally {
    clearTimeout(timer);
  }
  return { events, comments, closedByServer };
}

/** Plain HTTP against the Particle side: `call('POST', '/v1/x', { token, json })` → `{ status, body }`. */
export function particleHttp(baseUrl: string) {
  return async (
    method: string,
    path: string,
    opts: { token?: string; json?: unknown; headers?: Record<string, string> } = {},
    // biome-ignore lint/suspicious/noExplicitAny: answers are checked with matchers
  ): Promise<{ status: number; body: any; headers: Headers }> => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.json !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: opts.json === undefined ? undefined : JSON.stringify(opts.json),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {}
    return { status: res.status, body, headers: res.headers };
  };
}

/** Logs the seeded user in over HTTP and returns the token. */
export async function seededToken(baseUrl: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${baseUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'password',
      username,
      password,
      client_id: 'particle-api',
      client_secret: 'particle-api',
    }).toString(),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}
