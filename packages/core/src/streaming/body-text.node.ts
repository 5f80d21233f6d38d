// Text of a streamed response body, chunk by chunk: the Node build (swapped in for body-text.ts by
// tsup.config.ts). node:string_decoder decodes in native code at a fraction of the cost of a streaming
// TextDecoder (which in Node takes a slower path as soon as `stream: true` is passed), and like it keeps the
// bytes of a character split across chunks until the rest arrives. Loaded on the first stream, not at import.
import type { StringDecoder as StringDecoderType } from 'node:string_decoder';
import type { TextHandler } from './body-text.js';

export type { TextHandler };

let decoderClass: Promise<typeof StringDecoderType> | undefined;

/**
 * Reads `body` to its end, handing `onText` its UTF-8 text. A character split across chunks is decoded whole;
 * a leading byte-order mark is dropped (as TextDecoder does). Stops early (resolving) when `signal` aborts
 * while reading is held. Rejects with the body's error.
 */
export async function readBodyText(
  body: AsyncIterable<Uint8Array>,
  onText: TextHandler,
  signal: AbortSignal,
): Promise<void> {
  decoderClass ??= import('node:string_decoder').then((m) => m.StringDecoder);
  const decoder = new (await decoderClass)('utf8');
  let atStart = true;
  for await (const chunk of body) {
    let text = decoder.write(chunk as Buffer);
    if (atStart && text) {
      atStart = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const hold = onText(text);
    if (hold) {
      await hold;
      if (signal.aborted) return;
    }
  }
}
