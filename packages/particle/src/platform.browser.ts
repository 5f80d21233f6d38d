// Browser build of platform.ts (swapped in by tsup.config.ts): fetch transport, and no logger factory, so the
// logger and its redaction code stay out of browser bundles unless the app imports core's createLogger.
import { type ClientPlatform, ConfigError, createFetchTransport } from '@skyport/core';

export const platform: ClientPlatform = {
  createTransport: createFetchTransport,
  createLogger() {
    throw new ConfigError(
      "logger options need core's logger in browsers: pass logger: createLogger({ ... }) from @skyport/core, or log: (entry) => ...",
    );
  },
};

/** Browsers type a part by its Blob (as their FormData does): no lookup table in browser bundles. */
export const lookupType: ((name: string) => Promise<string | false>) | undefined = undefined;
