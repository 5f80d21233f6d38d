// Node build of platform/webcrypto.ts: Node 18 exposes WebCrypto only as node:crypto's `webcrypto` (Node 19+ also
// has the global `crypto`, which pkce.ts uses first). node:crypto, and node:stream with it, load on first use:
// at import they would cost every process a few milliseconds, most of which never need PKCE or a random state.
import { nodeCrypto } from './builtins.js';

let webcrypto: Crypto | undefined;

export function platformCrypto(): Crypto | undefined {
  webcrypto ??= nodeCrypto().webcrypto as Crypto;
  return webcrypto;
}
