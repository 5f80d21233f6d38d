// ApiClient.config of the official SDK: environment, gateway, re-authentication and logging settings, and the
// config file (~/.genesyscloudjavascript/config, INI or JSON, live reload) read with @skyport/core.
import type { LoggerOptions, LogLevel, SkyportConfig } from '@skyport/core';
import { compatPlatform } from './platform';

export interface GatewayConfiguration {
  host: string;
  protocol?: string;
  port?: number;
  path_params_login?: string;
  path_params_api?: string;
  username?: string;
  password?: string;
}

interface ResolvedGateway {
  host: string;
  protocol: string;
  port: number;
  path_params_login: string;
  path_params_api: string;
  username?: string;
  password?: string;
}

/** Logging settings with the official logger's property names. */
export class LoggerSettings {
  log_level: LogLevel = 'none';
  log_format: 'text' | 'json' = 'text';
  log_to_console = true;
  log_file_path: string | undefined;
  log_request_body = false;
  log_response_body = false;
  /** Skyport: a function receiving each formatted line (setDebugLog). */
  fn: ((line: string) => void) | undefined;
  /** Skyport: logged bodies are cut to this many lines (setDebugLog's second argument). */
  maxBodyLines: number | undefined;

  toLoggerOptions(): LoggerOptions | undefined {
    if (this.log_level === 'none') return undefined;
    const o: LoggerOptions = {
      level: this.log_level,
      format: this.log_format,
      logRequestBody: this.log_request_body,
      logResponseBody: this.log_response_body,
    };
    if (this.fn) o.fn = this.fn;
    else o.toConsole = this.log_to_console;
    if (this.log_file_path) o.filePath = this.log_file_path;
    if (this.maxBodyLines !== undefined) o.maxBodyLines = this.maxBodyLines;
    return o;
  }
}

export class Configuration {
  environment = 'mypurecloud.com';
  basePath = 'https://api.mypurecloud.com';
  authUrl = 'https://login.mypurecloud.com';
  /** Host from the config file's [general] section, used when setEnvironment gets no value. */
  host: string | undefined;
  gateway: ResolvedGateway | undefined;
  refresh_access_token = true;
  /** Seconds to wait for a token refresh started by another call. */
  refresh_token_wait_max = 10;
  configPath = '';
  logger = new LoggerSettings();
  /** Called when settings change that the ApiClient must pass on (logging). */
  onChange: (() => void) | undefined;
  /** The last config file error (a malformed file leaves the previous settings in force). */
  lastConfigError: Error | undefined;

  private liveReload = true;
  private watcher: { close(): void } | undefined;

  constructor() {
    this.setEnvironment();
    const p = compatPlatform();
    if (p.defaultConfigPath) {
      this.configPath = p.defaultConfigPath();
      // The default file is read (and watched) only when it exists; setConfigPath watches in any case.
      if (p.configExists?.(this.configPath)) this.liveLoadConfig();
    }
  }

  get live_reload_config(): boolean {
    return this.liveReload;
  }

  set live_reload_config(value: boolean) {
    if (value === this.liveReload) return;
    this.liveReload = value;
    this.stopWatching();
    if (value) this.liveLoadConfig();
  }

  /** Accepts `mypurecloud.ie`, `api.mypurecloud.ie` or `https://api.mypurecloud.ie` (trailing slashes ignored). */
  setEnvironment(environment?: string): void {
    if (environment !== undefined && environment !== null && typeof environment !== 'string') {
      throw new TypeError(`setEnvironment: environment must be a string such as "mypurecloud.ie"`);
    }
    let env = environment || this.host || 'mypurecloud.com';
    env = env.replace(/\/+$/, '');
    if (env.startsWith('https://')) env = env.slice(8);
    if (env.startsWith('http://')) env = env.slice(7);
    if (env.startsWith('api.')) env = env.slice(4);
    this.environment = env;
    this.basePath = `https://api.${env}`;
    this.authUrl = `https://login.${env}`;
  }

  setGateway(gateway?: GatewayConfiguration | null): void {
    if (!gateway) {
      this.gateway = undefined;
      return;
    }
    if (typeof gateway !== 'object') throw new TypeError('setGateway: gateway must be an object with a host');
    const port = Number(gateway.port);
    this.gateway = {
      host: gateway.host || '',
      protocol: gateway.protocol || 'https',
      port: gateway.port !== undefined && port > -1 ? port : -1,
      path_params_login: (gateway.path_params_login || '').replace(/\/+$/, ''),
      path_params_api: (gateway.path_params_api || '').replace(/\/+$/, ''),
      ...(gateway.username ? { username: gateway.username } : {}),
      ...(gateway.password ? { password: gateway.password } : {}),
    };
  }

  /** The gateway URL for `login` or `api` requests when a gateway is set, else `regionUrl`. */
  getConfUrl(pathType: 'login' | 'api', regionUrl: string): string {
    const g = this.gateway;
    if (!g?.host) return regionUrl;
    let url = `${g.protocol}://${g.host}`;
    if (g.port > -1) url += `:${g.port}`;
    const extra = pathType === 'login' ? g.path_params_login : g.path_params_api;
    if (extra) url += extra.startsWith('/') ? extra : `/${extra}`;
    return url;
  }

  /** Reads settings from this file (and watches it while live_reload_config is on); '' stops using a file. */
  setConfigPath(path: string): void {
    if (path === this.configPath) return;
    this.stopWatching();
    this.configPath = path || '';
    if (this.configPath) this.liveLoadConfig();
  }

  /** Reads the config file now. A malformed file throws ConfigError (with file and line) and changes nothing. */
  updateConfigFromFile(): void {
    const p = compatPlatform();
    if (!this.configPath || !p.loadConfig) return;
    const config = p.loadConfig(this.configPath);
    if (config) this.apply(config);
  }

  private liveLoadConfig(): void {
    const p = compatPlatform();
    if (!this.configPath || !p.loadConfig) return;
    try {
      this.updateConfigFromFile();
      this.lastConfigError = undefined;
    } catch (err) {
      this.lastConfigError = err as Error;
    }
    if (this.liveReload && p.watchConfig && !this.watcher) {
      this.watcher = p.watchConfig(
        this.configPath,
        (config) => {
          this.lastConfigError = undefined;
          this.apply(config);
        },
        (err) => {
          this.lastConfigError = err;
        },
      );
    }
  }

  private stopWatching(): void {
    this.watcher?.close();
    this.watcher = undefined;
  }

  private apply(config: SkyportConfig): void {
    const l = config.logging;
    if (l.level !== undefined) this.logger.log_level = l.level;
    if (l.format !== undefined) this.logger.log_format = l.format;
    if (l.toConsole !== undefined) this.logger.log_to_console = l.toConsole;
    if (l.filePath !== undefined) this.logger.log_file_path = l.filePath;
    if (l.logRequestBody !== undefined) this.logger.log_request_body = l.logRequestBody;
    if (l.logResponseBody !== undefined) this.logger.log_response_body = l.logResponseBody;
    const r = config.reauthentication;
    if (r.refreshAccessToken !== undefined) this.refresh_access_token = r.refreshAccessToken;
    if (r.refreshTokenWaitMaxSeconds !== undefined)
      this.refresh_token_wait_max = r.refreshTokenWaitMaxSeconds;
    if (config.general.host !== undefined) {
      this.host = config.general.host;
      this.setEnvironment(config.general.host);
    }
    const g = config.gateway;
    if (g) {
      this.setGateway({
        host: g.host,
        ...(g.protocol ? { protocol: g.protocol } : {}),
        ...(g.port !== undefined ? { port: g.port } : {}),
        ...(g.pathParamsLogin ? { path_params_login: g.pathParamsLogin } : {}),
        ...(g.pathParamsApi ? { path_params_api: g.pathParamsApi } : {}),
        ...(g.username ? { username: g.username } : {}),
        ...(g.password ? { password: g.password } : {}),
      });
    } else {
      this.setGateway();
    }
    if (config.general.liveReloadConfig === false) this.live_reload_config = false;
    this.onChange?.();
  }
}
