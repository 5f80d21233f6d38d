// Text of a streamed response body, chunk by chunk: the browser (and default) build. The Node build swaps this
// file for body-text.node.ts (see tsup.config.ts), whose decoder is cheaper there.

/** Called with each decoded piece of the body; a returned promise holds reading until it settles. */
export type TextHandler = (text: string) => Promise<void> | undefined;

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
  const decoder = new TextDecoder();
  for await (const chunk of body) {
    const hold = onText(decoder.decode(chunk, { stream: true }));
    if (hold) {
      await hold;
      if (signal.aborted) return;
    }
  }
}
