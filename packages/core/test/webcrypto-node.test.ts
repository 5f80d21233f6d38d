// The Node build's WebCrypto for runtimes without a global `crypto` (Node 18): node:crypto's, loaded on first use.
import { webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { platformCrypto } from '../src/platform/webcrypto.node.js';

describe('platformCrypto (Node build)', () => {
  it("is node:crypto's webcrypto, the same object on every call, and works", async () => {
    const c = platformCrypto();
    expect(c).toBe(webcrypto);
    expect(platformCrypto()).toBe(c);
    const bytes = c!.getRandomValues(new Uint8Array(16));
    expect(bytes.some((b) => b !== 0)).toBe(true);
    const digest = await c!.subtle.digest('SHA-256', new TextEncoder().encode('abc'));
    expect(Buffer.from(digest).toString('hex')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });
});
