// The HTTP platforms of the browser entries: core's fetch transport and a body serializer, and no logger factory,
// so core's logger and its formatter stay out of browser bundles unless the app imports createLogger itself.
import {
  type ClientPlatform,
  ConfigError,
  createBasicFetchTransport,
  createFetchTransport,
  type KernelPlatform,
  serializeBody,
  serializeJsonBody,
} from '@skyport/core';

/** Browsers take a ready logger: core's createLogger and its formatter stay out unless the app imports them. */
export function noLoggerFactory(): never {
  throw new ConfigError('in browsers pass a ready logger: logger: createLogger({ ... }) from @skyport/core');
}

/** createClient's: every body type (multipart objects are encoded). */
export const browserHttpPlatform: ClientPlatform = {
  createTransport: createFetchTransport,
  createLogger: noLoggerFactory,
  serializeBody,
};

/**
 * The modular client's kernel: fetch for bodies in fetch's own forms and JSON/form serialisation (operation bodies
 * and token requests), no logging (without the logging stage every `logger` option comes to createLogger, which
 * refuses it). The stages in ./stages.ts add the rest.
 */
export const modularHttpPlatform: KernelPlatform = {
  createTransport: createBasicFetchTransport,
  serializeBody: serializeJsonBody,
  createLogger: () => {
    throw new ConfigError('logger needs the logging stage: use: [logging]');
  },
};
