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
import { REGION_DOMAINS, type RegionTable } from './environment';
import { checkUnknownOptions } from './request';

/** One stage: parts of the HTTP client's platform and/or the call options check. */
export interface ModularStage extends Partial<ClientPlatform> {
  checkOptions?: OptionsCheck;
  regions?: RegionTable;
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

/**
 * Region keys: the `region` option and region keys as `environment` (`eu_west_1`, `eu-west-1`). Without it the
 * environment is a domain, host or URL (`mypurecloud.ie`, `api.mypurecloud.ie`, `https://api.mypurecloud.ie`).
 */
export const regionKeys: ModularStage = { regions: REGION_DOMAINS };

/** The stages of `use`, merged (later ones win); anything but an array of stages is a ConfigError. */
export function mergeStages(use: readonly ModularStage[] = []): ModularStage {
  if (!Array.isArray(use) || use.some((s) => typeof s !== 'object' || !s)) {
    throw new ConfigError('use must be an array of stages (logging, bodies, strictOptions, regionKeys)');
  }
  return Object.assign({}, ...use);
}
