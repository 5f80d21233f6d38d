// Reading response bodies into text/JSON/bytes, with typed errors for bodies that do not parse.
import { ParseError } from '../errors/index.js';
import type { TransportResponse } from '../transport/types.js';
import type { ResponseType } from './types.js';

const utf8 = new TextDecoder();

export async function readBytes(body: AsyncIterable<Uint8Array> | null): Promise<Uint8Array> {
  if (!body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.byteLength;
  }
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

export function isJsonContentType(ct: string | undefined): boolean {
  return !!ct && /^application\/(.+\+)?json\b|^text\/json\b/i.test(ct.trim());
}

export interface ParsedBody {
  body: unknown;
  text: string;
}

/** Parses a successful response body. A body that should be JSON but is not raises ParseError. */
/**
 * The whole body as UTF-8 text (a leading byte-order mark is dropped). A body with its own `text()` (undici's)
 * reads itself, which costs less than going through an async iterator.
 */
export async function readText(body: AsyncIterable<Uint8Array> | null): Promise<string> {
  const own = (body as { text?: () => Promise<string> } | null)?.text;
  return typeof own === 'function' ? own.call(body) : utf8.decode(await readBytes(body));
}

export async function parseBody(res: TransportResponse, type: ResponseType): Promise<ParsedBody> {
  if (type === 'binary') return { body: await readBytes(res.body), text: '' };
  const text = await readText(res.body);
  // An empty body (204, or a bodiless 200) has no value in auto/json mode.
  if (text === '' && type !== 'text') return { body: undefined, text };
  const wantJson = type === 'json' || (type === 'auto' && isJsonContentType(res.headers['content-type']));
  if (!wantJson) return { body: text, text };
  if (text.trim() === '') return { body: undefined, text };
  try {
    return { body: JSON.parse(text), text };
  } catch (cause) {
    throw new ParseError(`response body (status ${res.status}) is not valid JSON`, text, {
      cause,
      status: res.status,
    });
  }
}

/** Parses a failed response body leniently: JSON when it parses, otherwise the text itself. */
export async function parseErrorBody(res: TransportResponse): Promise<ParsedBody> {
  let text: string;
  try {
    text = await readText(res.body);
  } catch {
    text = '';
  }
  if (text.trim() === '') return { body: undefined, text };
  try {
    return { body: JSON.parse(text), text };
  } catch {
    return { body: text, text };
  }
}

export async function drain(res: TransportResponse): Promise<void> {
  try {
    await readBytes(res.body);
  } catch {
    // ignore: the response is being discarded
  }
}
