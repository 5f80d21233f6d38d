import type { GatewayOptions } from '../gateway/index.js';
import type { LogFormat, LogLevel } from '../logging/types.js';

/** Normalised configuration (seed 002 sections and keys). Absent keys leave the client as it is. */
export interface SkyportConfig {
  logging: {
    level?: LogLevel; // log_level
    format?: LogFormat; // log_format
    toConsole?: boolean; // log_to_console
    filePath?: string; // log_file_path
    logRequestBody?: boolean; // log_request_body
    logResponseBody?: boolean; // log_response_body
  };
  reauthentication: {
    refreshAccessToken?: boolean; // refresh_access_token
    refreshTokenWaitMaxSeconds?: number; // refresh_token_wait_max
  };
  general: {
    liveReloadConfig?: boolean; // live_reload_config
    host?: string; // host
  };
  gateway?: GatewayOptions & { username?: string; password?: string };
  /** File the values came from, when any. */
  file?: string;
  /** Unknown sections/keys that were ignored. */
  warnings: string[];
}

export function emptyConfig(): SkyportConfig {
  return { logging: {}, reauthentication: {}, general: {}, warnings: [] };
}
