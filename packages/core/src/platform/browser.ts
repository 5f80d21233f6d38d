import { serializeBody } from '../client/body.js';
import type { ClientPlatform } from '../client/http-client.js';
import { createBaseLogger } from '../logging/logger.js';
import { createFetchTransport } from '../transport/fetch.js';

export const browserPlatform: ClientPlatform = {
  createTransport: (o) => createFetchTransport(o),
  createLogger: createBaseLogger,
  serializeBody,
};
