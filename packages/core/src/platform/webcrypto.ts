// WebCrypto where there is no global `crypto`. Browsers and modern runtimes have the global, so this build
// supplies nothing; the Node build swaps in webcrypto.node.ts (see tsup.config.ts).
export function platformCrypto(): Crypto | undefined {
  return undefined;
}
