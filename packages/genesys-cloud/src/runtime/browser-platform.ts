// The HTTP platform of the browser entry: core's fetch transport and body serializer, and no logger factory, so
// core's logger and its formatter stay out of browser bundles unless the app imports createLogger itself.
import { type ClientPlatform, ConfigError, createFetchTransport, serializeBody } from '@skyport/core';

export const browserHttpPlatform: ClientPlatform = {
  createTransport: createFetchTransport,
  createLogger() {
    throw new ConfigError(
      "logger options need core's logger in browsers: pass logger: createLogger({ ... }) with createLogger imported from @skyport/core",
    );
  },
  serializeBody,
};
