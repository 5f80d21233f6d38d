// Node build of platform/webcrypto.ts: Node 18 exposes WebCrypto only as node:crypto's `webcrypto` (Node 19+ also
// has the global `crypto`, which pkce.ts uses first). node:crypto, and node:stream with it, load on first use:
// at import they would cost every process a few milliseconds, most of which never need PKCE or a random state.
import { createRequire } from 'node:module';

let webcrypto: Crypto | undefined;

export function platformCrypto(): Crypto | undefined {
  webcrypto ??= (createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto'))
    .webcrypto as Crypto;
  return webcrypto;
}
