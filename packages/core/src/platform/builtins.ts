// Node built-ins that only some features need (config files, file logging, TLS files by path, crypto), loaded
// with require() on first use. A static ESM `import … from 'node:fs'` builds the module's whole namespace, whose
// getters load node:stream and about twenty internal modules when the package is imported; node:os and
// node:crypto are not loaded by Node at start-up at all. require() of a built-in is synchronous, so the APIs
// that use them (loadConfig, createLogger({ filePath }) …) stay synchronous. Node-only: never in a browser build.
import { createRequire } from 'node:module';

const nodeRequire = createRequire(import.meta.url);

export const nodeFs = (): typeof import('node:fs') => nodeRequire('node:fs');
export const nodeOs = (): typeof import('node:os') => nodeRequire('node:os');
export const nodeCrypto = (): typeof import('node:crypto') => nodeRequire('node:crypto');
