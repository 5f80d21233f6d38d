// Node (and default) platform for core's HttpClientBase: @skyport/core's createTransport and createLogger
// resolve to undici and the file-capable logger on Node, to fetch and the console/function logger elsewhere.
import { type ClientPlatform, createLogger, createTransport } from '@skyport/core';

export const platform: ClientPlatform = { createTransport, createLogger };

type MimeTypes = typeof import('mime-types');
let mimeTypes: Promise<MimeTypes> | undefined;

/**
 * The content type particle-api-js's form-data gives a multipart file part on Node: mime-types' lookup of a
 * file name (false when unknown). Loaded on the first upload, so other requests never pay for its table.
 */
export async function lookupType(name: string): Promise<string | false> {
  mimeTypes ??= import('mime-types').then((m) => ((m as { default?: MimeTypes }).default ?? m) as MimeTypes);
  return (await mimeTypes).lookup(name);
}
