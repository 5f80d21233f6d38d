// PKCE (RFC 7636): verifier generation from the unreserved alphabet and S256/plain challenges via WebCrypto.
import { ValidationError } from '../errors/index.js';
import { platformCrypto } from '../platform/webcrypto.js';

const UNRESERVED = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~';

let fallbackCrypto: Crypto | undefined;

/** Supplies WebCrypto where the runtime has neither a global `crypto` nor node:crypto. */
export function useCrypto(c: Crypto): void {
  fallbackCrypto = c;
}

export function getCrypto(): Crypto {
  const c = (globalThis as { crypto?: Crypto }).crypto ?? fallbackCrypto ?? platformCrypto();
  if (!c?.subtle || typeof c.getRandomValues !== 'function') {
    throw new ValidationError('WebCrypto (globalThis.crypto) is not available in this runtime');
  }
  return c;
}

/** Standard base64 of bytes (btoa takes one character per byte). */
export function base64(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

export function base64Url(bytes: Uint8Array): string {
  return base64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Random string of `length` (43-128, default 128) characters from the RFC 7636 unreserved set. */
export function generatePkceVerifier(length = 128): string {
  if (!Number.isInteger(length) || length < 43 || length > 128) {
    throw new ValidationError(`PKCE verifier length must be an integer from 43 to 128 (got ${length})`);
  }
  return pkceVerifier(length);
}

/** generatePkceVerifier without the check of `length` (callers pass a valid one): 128 characters by default. */
export function pkceVerifier(length = 128): string {
  const out: string[] = [];
  const crypto = getCrypto();
  // Rejection sampling keeps the distribution uniform over the 66 characters.
  const limit = 256 - (256 % UNRESERVED.length);
  while (out.length < length) {
    const bytes = crypto.getRandomValues(new Uint8Array(length * 2));
    for (const b of bytes) {
      if (b < limit && out.length < length) out.push(UNRESERVED[b % UNRESERVED.length]!);
    }
  }
  return out.join('');
}

export async function computePkceChallenge(
  verifier: string,
  method: 'S256' | 'plain' = 'S256',
): Promise<string> {
  if (typeof verifier !== 'string' || !/^[A-Za-z0-9\-._~]{43,128}$/.test(verifier)) {
    throw new ValidationError('PKCE verifier must be 43-128 characters from [A-Za-z0-9-._~]');
  }
  if (method === 'plain') return verifier;
  if (method !== 'S256') throw new ValidationError(`unknown PKCE method ${JSON.stringify(method)}`);
  return pkceS256(verifier);
}

/** The S256 challenge of a verifier, unchecked (for verifiers made by pkceVerifier or generatePkceVerifier). */
export async function pkceS256(verifier: string): Promise<string> {
  const digest = await getCrypto().subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

/** Random URL-safe state/nonce. */
export function randomState(bytes = 16): string {
  return base64Url(getCrypto().getRandomValues(new Uint8Array(bytes)));
}
