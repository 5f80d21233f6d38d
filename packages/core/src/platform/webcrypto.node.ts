// Node build of platform/webcrypto.ts: Node 18 exposes WebCrypto only as node:crypto's `webcrypto`.
import { webcrypto } from 'node:crypto';

export function platformCrypto(): Crypto | undefined {
  return webcrypto as Crypto;
}
