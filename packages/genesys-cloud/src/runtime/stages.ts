// The optional stages of the modular client (@skyport/genesys-cloud/modular): `createClient({ use: [...] })`.
// In browsers the client is core's HttpClientCore on a lean platform (./browser-platform.ts); each stage adds the
// platform parts of one behaviour, so an app bundles only the stages it names. The Node build's HTTP client has
// every platform stage already; `strictOptions` applies to both.
import {
  type ClientPlatform,
  ConfigError,
  createFetchTransport,
  logAttempt,
  serializeSimpleBody,
} from '@skyport/core';
import type { OptionsCheck } from './base-client';
import { noLoggerFactory } from './browser-platform';
import { checkUnknownOptions } from './request';

/** One stage: parts of the HTTP client's platform and/or the call options check. */
export interface ModularStage extends Partial<ClientPlatform> {
  checkOptions?: OptionsCheck;
}

/** The `logger` option: one log entry per attempt (a ready Logger in browsers: createLogger from @skyport/core). */
export const logging: ModularStage = { logAttempt, createLogger: noLoggerFactory };

/**
 * Request bodies beyond JSON and forms: text, binary and raw bodies (strings, bytes, Blobs, streams), multipart as
 * FormData, and bodies inferred from their value.
 */
export const bodies: ModularStage = {
  serializeBody: serializeSimpleBody,
  createTransport: createFetchTransport,
};

/** Unknown option keys of an operation call fail with a ValidationError (typos) instead of being ignored. */
export const strictOptions: ModularStage = { checkOptions: checkUnknownOptions };

/** The stages of `use`, merged (later ones win); a ConfigError names an entry that is not a stage. */
export function mergeStages(use: readonly ModularStage[] | undefined): ModularStage {
  if (use !== undefined && !Array.isArray(use)) throw new ConfigError('use must be an array of stages');
  const merged: ModularStage = {};
  for (const stage of use ?? []) {
    if (typeof stage !== 'object' || stage === null) {
      throw new ConfigError('use: each entry must be a stage (logging, bodies, strictOptions)');
    }
    Object.assign(merged, stage);
  }
  return merged;
}
