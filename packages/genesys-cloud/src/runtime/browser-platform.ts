// The HTTP platforms of the browser entries: core's fetch transport and a body serializer, and no logger factory,
// so core's logger and its formatter stay out of browser bundles unless the app imports createLogger itself.
import {
  type ClientPlatform,
  ConfigError,
  createFetchTransport,
  serializeBody,
  serializeSimpleBody,
} from '@skyport/core';

function noLoggerFactory(): never {
  throw new ConfigError('in browsers pass a ready logger: logger: createLogger({ ... }) from @skyport/core');
}

/** createClient's: every body type (multipart objects are encoded). */
export const browserHttpPlatform: ClientPlatform = {
  createTransport: createFetchTransport,
  createLogger: noLoggerFactory,
  serializeBody,
};

/**
 * The modular client's: JSON, form, text and binary bodies; multipart bodies as FormData (no Genesys Cloud operation
 * sends multipart, so the encoder stays out of the bundle).
 */
export const modularHttpPlatform: ClientPlatform = {
  createTransport: createFetchTransport,
  createLogger: noLoggerFactory,
  serializeBody: serializeSimpleBody,
};
