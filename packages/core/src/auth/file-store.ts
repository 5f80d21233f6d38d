// Node only: a token kept in a JSON file readable by its owner alone (0600).
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ConfigError } from '../errors/index.js';
import type { TokenSet, TokenStore } from './types.js';

export class FileTokenStore implements TokenStore {
  constructor(readonly path: string) {
    if (!path) throw new ConfigError('FileTokenStore needs a file path');
  }

  async get(): Promise<TokenSet | undefined> {
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
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    const tmp = `${this.path}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(tmp, JSON.stringify(t), { mode: 0o600 });
    await chmod(tmp, 0o600);
    await rename(tmp, this.path);
  }

  async clear(): Promise<void> {
    await rm(this.path, { force: true });
  }
}
