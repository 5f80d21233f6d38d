// Node only: a token kept in a JSON file readable by its owner alone (0600).
// node:fs/promises loads on first use: importing it at start-up costs every process, most never use this store.
import { dirname } from 'node:path';
import { ConfigError } from '../errors/index.js';
import type { TokenSet, TokenStore } from './types.js';

export class FileTokenStore implements TokenStore {
  constructor(readonly path: string) {
    if (!path) throw new ConfigError('FileTokenStore needs a file path');
  }

  async get(): Promise<TokenSet | undefined> {
    const { readFile } = await import('node:fs/promises');
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    try {
      const t = JSON.parse(text) as TokenSet;
      return typeof t?.accessToken === 'string' ? t : undefined;
    } catch (cause) {
      throw new ConfigError('token file is not valid JSON', { cause, file: this.path });
    }
  }

  async set(t: TokenSet): Promise<void> {
    const { chmod, mkdir, rename, writeFile } = await import('node:fs/promises');
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    const tmp = `${this.path}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(tmp, JSON.stringify(t), { mode: 0o600 });
    await chmod(tmp, 0o600);
    await rename(tmp, this.path);
  }

  async clear(): Promise<void> {
    const { rm } = await import('node:fs/promises');
    await rm(this.path, { force: true });
  }
}
