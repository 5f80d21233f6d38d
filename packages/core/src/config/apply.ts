// Applies a SkyportConfig to a live client. Only keys present in the config change anything.
import type { HttpClientBase } from '../client/http-client.js';
import { ConfigError } from '../errors/index.js';
import { gatewayUrls } from '../gateway/index.js';
import { isLogger } from '../logging/logger.js';
import type { LoggerOptions } from '../logging/types.js';
import type { SkyportConfig } from './types.js';

export interface ApplyConfigOptions {
  /** Derives the login URL from general.host (Genesys: api.X → login.X). Without it, loginUrl is left alone. */
  loginUrlFor?: (apiUrl: string) => string | undefined;
}

interface ConfigurableAuth {
  configure(o: { refresh?: boolean; waitTimeoutMs?: number }): void;
}

export function hostToUrl(host: string): string {
  const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(host) ? host : `https://${host}`;
  try {
    new URL(url);
  } catch (cause) {
    throw new ConfigError(`general.host is not a valid host or URL: ${JSON.stringify(host)}`, { cause });
  }
  return url.replace(/\/+$/, '');
}

export function applyConfig(
  client: HttpClientBase,
  config: SkyportConfig,
  options: ApplyConfigOptions = {},
): void {
  const patch: Parameters<HttpClientBase['configure']>[0] = {};
  const l = config.logging;
  if (Object.values(l).some((v) => v !== undefined)) {
    const current = client.options.logger;
    const base: LoggerOptions = current && !isLogger(current) ? { ...current } : {};
    const next: LoggerOptions = { ...base };
    if (l.level !== undefined) next.level = l.level;
    if (l.format !== undefined) next.format = l.format;
    if (l.toConsole !== undefined) next.toConsole = l.toConsole;
    if (l.filePath !== undefined) {
      if (l.filePath) next.filePath = l.filePath;
      else delete next.filePath;
    }
    if (l.logRequestBody !== undefined) next.logRequestBody = l.logRequestBody;
    if (l.logResponseBody !== undefined) next.logResponseBody = l.logResponseBody;
    patch.logger = next;
  }
  if (config.general.host) {
    const apiUrl = hostToUrl(config.general.host);
    patch.baseUrl = apiUrl;
    const login = options.loginUrlFor?.(apiUrl);
    if (login) patch.loginUrl = login;
  }
  if (config.gateway?.host) {
    const { loginUrl, apiUrl } = gatewayUrls(config.gateway);
    patch.baseUrl = apiUrl;
    patch.loginUrl = loginUrl;
  }
  const r = config.reauthentication;
  const auth = client.options.auth as Partial<ConfigurableAuth> | undefined;
  if (auth && typeof auth.configure === 'function') {
    const authPatch: { refresh?: boolean; waitTimeoutMs?: number } = {};
    if (r.refreshAccessToken !== undefined) authPatch.refresh = r.refreshAccessToken;
    if (r.refreshTokenWaitMaxSeconds !== undefined)
      authPatch.waitTimeoutMs = r.refreshTokenWaitMaxSeconds * 1000;
    auth.configure(authPatch);
  }
  if (Object.keys(patch).length > 0) client.configure(patch);
}
