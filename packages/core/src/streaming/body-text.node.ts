// Text of a streamed response body, chunk by chunk: the Node build (swapped in for body-text.ts by
// tsup.config.ts). Two costs of the portable reader are avoided here:
// - decoding: node:string_decoder decodes in native code at a fraction of the cost of a streaming TextDecoder
//   (Node takes a slower path as soon as `stream: true` is passed), and like it keeps the bytes of a character
//   split across chunks until the rest arrives. Loaded on the first stream, not at import.
// - reading: an event stream from the Node transport is a PushedBody, which undici hands its chunks to directly
//   (pushed-body.ts); any other undici body is a Node Readable, read by its 'data' events. Either way the
//   consumer holds reading by pause/resume, no chunk is copied into a joined buffer and no promise is made per
//   chunk, as an async iterator does.
import type { StringDecoder as StringDecoderType } from 'node:string_decoder';
import type { TextHandler } from './body-text.js';
import { PushedBody } from './pushed-body.js';
import { type TransportBodyAccess, transportBodyOf } from './transport-body.js';

export type { TextHandler };

interface NodeReadable {
  on(event: string, fn: (...args: never[]) => void): unknown;
  off(event: string, fn: (...args: never[]) => void): unknown;
  pause(): unknown;
  resume(): unknown;
  destroy(err?: Error): unknown;
  readonly destroyed?: boolean;
}

const isReadable = (b: unknown): b is NodeReadable =>
  typeof (b as NodeReadable).on === 'function' &&
  typeof (b as NodeReadable).pause === 'function' &&
  typeof (b as NodeReadable).resume === 'function' &&
  typeof (b as NodeReadable).destroy === 'function';

let decoderClass: Promise<typeof StringDecoderType> | undefined;

/** Decodes chunk after chunk; drops a leading byte-order mark (as TextDecoder does). */
function textDecoder(Decoder: typeof StringDecoderType): (chunk: Uint8Array) => string {
  const decoder = new Decoder('utf8');
  let atStart = true;
  return (chunk) => {
    const text = decoder.write(chunk as Buffer);
    if (atStart && text) {
      atStart = false;
      if (text.charCodeAt(0) === 0xfeff) return text.slice(1);
    }
    return text;
  };
}

/**
 * Reads `body` to its end, handing `onText` its UTF-8 text. A character split across chunks is decoded whole;
 * a leading byte-order mark is dropped. Stops early (resolving) when `signal` aborts while reading is held.
 * Rejects with the body's error.
 */
export async function readBodyText(
  body: AsyncIterable<Uint8Array>,
  onText: TextHandler,
  signal: AbortSignal,
): Promise<void> {
  decoderClass ??= import('node:string_decoder').then((m) => m.StringDecoder);
  const decode = textDecoder(await decoderClass);
  const attempt = transportBodyOf(body);
  const source = attempt?.res.body;
  if (attempt && source instanceof PushedBody) return readPushed(attempt, source, decode, onText, signal);
  if (attempt && isReadable(source)) return readFlowing(attempt, source, decode, onText, signal);
  for await (const chunk of body) {
    const hold = onText(decode(chunk));
    if (hold) {
      await hold;
      if (signal.aborted) return;
    }
  }
}

/** What both kinds of body let the reader do while the consumer holds reading, or when it fails. */
interface Holdable {
  pause(): unknown;
  resume(): unknown;
  destroy(err?: Error): unknown;
}

/**
 * The reading both kinds of body share: each chunk decoded and handed to `onText`, reading held while the
 * consumer holds it, one end (finishing the attempt). `attach` connects `data` and `end` to the body and may
 * return how to detach `data` at the end.
 */
function readChunks(
  access: TransportBodyAccess,
  source: Holdable,
  decode: (chunk: Uint8Array) => string,
  onText: TextHandler,
  signal: AbortSignal,
  attach: (data: (chunk: Uint8Array) => void, end: (err?: unknown) => void) => (() => void) | undefined,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let ended = false;
    let detach: (() => void) | undefined;
    const end = (err?: unknown) => {
      if (ended) return;
      ended = true;
      detach?.();
      access.finish();
      if (err === undefined) resolve();
      else reject(access.mapError(err));
    };
    const resume = () => {
      if (ended) return;
      if (signal.aborted) end();
      else source.resume();
    };
    const data = (chunk: Uint8Array) => {
      let hold: Promise<void> | undefined;
      try {
        hold = onText(decode(chunk));
      } catch (err) {
        end(err);
        source.destroy();
        return;
      }
      if (hold) {
        source.pause();
        hold.then(resume, resume);
      }
    };
    detach = attach(data, end);
    // A pushed body can end while attaching (everything already queued): nothing is left to detach then.
    if (ended) detach?.();
  });
}

/** An undici Readable, read by its events. */
function readFlowing(
  access: TransportBodyAccess,
  source: NodeReadable,
  decode: (chunk: Uint8Array) => string,
  onText: TextHandler,
  signal: AbortSignal,
): Promise<void> {
  return readChunks(access, source, decode, onText, signal, (data, end) => {
    source.on('data', data);
    source.on('end', () => end());
    // Stays attached after the end: an error the body emits later must not go unhandled.
    source.on('error', (err: unknown) => end(err));
    // Closed with neither an end nor an error (as the async iterator reports it).
    source.on('close', () =>
      end(Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' })),
    );
    return () => source.off('data', data);
  });
}

/** A PushedBody: undici hands its chunks straight to the reader. */
function readPushed(
  access: TransportBodyAccess,
  source: PushedBody,
  decode: (chunk: Uint8Array) => string,
  onText: TextHandler,
  signal: AbortSignal,
): Promise<void> {
  return readChunks(access, source, decode, onText, signal, (data, end) => {
    source.read({ data, end });
    return undefined;
  });
}
