import { serializeBody } from '../client/body.js';
import type { ClientPlatform } from '../client/http-client.js';
import { ValidationError } from '../errors/index.js';
import { createLogger } from '../logging/node.js';
import { createTransport } from '../transport/node.js';

async function pathToBlob(path: string, contentType?: string): Promise<Blob> {
  const fs = (await import('node:fs')) as {
    openAsBlob?: (p: string, o?: { type?: string }) => Promise<Blob>;
  };
  try {
    // Node >= 19.8 streams the file; older versions read it into memory.
    if (typeof fs.openAsBlob === 'function')
      return await fs.openAsBlob(path, contentType ? { type: contentType } : {});
    const { readFile } = await import('node:fs/promises');
    return new Blob([await readFile(path)], contentType ? { type: contentType } : {});
  } catch (cause) {
    throw new ValidationError(`cannot read file for upload: ${path}`, { cause });
  }
}

export const nodePlatform: ClientPlatform = { createTransport, createLogger, pathToBlob, serializeBody };
