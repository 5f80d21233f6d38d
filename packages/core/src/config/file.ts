// Node only: config files at ~/.skyport/config (or an explicit path), environment overrides, live reload.
import type { FSWatcher } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { HttpClientBase } from '../client/http-client.js';
import { ConfigError } from '../errors/index.js';
import { nodeFs, nodeOs } from '../platform/builtins.js';
import { type ApplyConfigOptions, applyConfig } from './apply.js';
import { applyEnv, parseConfigText } from './parse.js';
import { emptyConfig, type SkyportConfig } from './types.js';

export function defaultConfigPath(env: Record<string, string | undefined> = process.env): string {
  return (
    env.SKYPORT_CONFIG_PATH || join(env.HOME || env.USERPROFILE || nodeOs().homedir(), '.skyport', 'config')
  );
}

export interface LoadConfigOptions {
  /** Environment for SKYPORT_* overrides. Default process.env. Pass {} to ignore the environment. */
  env?: Record<string, string | undefined>;
  /** A missing file is not an error (default true for the default path, false for an explicit one). */
  optional?: boolean;
}

function readText(path: string, optional: boolean): string | undefined {
  try {
    return nodeFs().readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' && optional) return undefined;
    throw new ConfigError(`cannot read config file: ${(err as Error).message}`, { cause: err, file: path });
  }
}

/** Reads and validates a config file (INI or JSON), then applies SKYPORT_* environment overrides. */
export function loadConfig(path?: string, options: LoadConfigOptions = {}): SkyportConfig {
  const env = options.env ?? process.env;
  const file = path ?? defaultConfigPath(env);
  const text = readText(file, options.optional ?? path === undefined);
  const config = text === undefined ? emptyConfig() : parseConfigText(text, file);
  return applyEnv(config, env);
}

export interface WatchConfigOptions extends LoadConfigOptions {
  /** Polling interval backing up fs.watch, ms. Default 500. */
  intervalMs?: number;
}

/**
 * Calls onChange with the new config whenever the file changes (including when it is created).
 * A malformed file goes to onError and the previous config stays in force. Never keeps the process alive.
 */
export function watchConfig(
  path: string,
  onChange: (config: SkyportConfig) => void,
  onError?: (err: ConfigError) => void,
  options: WatchConfigOptions = {},
): { close(): void } {
  let lastText: string | undefined = readTextQuiet(path);
  let closed = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const check = () => {
    timer = undefined;
    if (closed) return;
    const text = readTextQuiet(path);
    if (text === lastText) return;
    lastText = text;
    try {
      const config =
        text === undefined
          ? applyEnv(emptyConfig(), options.env ?? process.env)
          : applyEnv(parseConfigText(text, path), options.env ?? process.env);
      onChange(config);
    } catch (err) {
      const e = err instanceof ConfigError ? err : new ConfigError(String(err), { cause: err, file: path });
      onError?.(e);
    }
  };
  const schedule = () => {
    if (closed || timer) return;
    timer = setTimeout(check, 30);
    timer.unref?.();
  };
  const { watch, watchFile, unwatchFile } = nodeFs();
  let dirWatcher: FSWatcher | undefined;
  try {
    dirWatcher = watch(dirname(path), { persistent: false }, (_event, name) => {
      if (!name || name.toString() === basename(path)) schedule();
    });
    dirWatcher.on('error', () => {});
  } catch {
    dirWatcher = undefined; // directory missing: polling still sees the file appear
  }
  const listener = () => schedule();
  watchFile(path, { persistent: false, interval: options.intervalMs ?? 500 }, listener);
  return {
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      dirWatcher?.close();
      unwatchFile(path, listener);
    },
  };
}

function readTextQuiet(path: string): string | undefined {
  try {
    return nodeFs().readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

export interface UseConfigFileOptions extends WatchConfigOptions, ApplyConfigOptions {
  path?: string;
  /** Watch even when the file does not set live_reload_config (default: watch unless it says false). */
  watch?: boolean;
  onError?: (err: ConfigError) => void;
  onReload?: (config: SkyportConfig) => void;
}

/**
 * Loads the config file into the client and keeps it applied as the file changes (seed 002 behaviour).
 * The returned handle's `config` is the config in force.
 */
export function useConfigFile(
  client: HttpClientBase,
  options: UseConfigFileOptions = {},
): { readonly config: SkyportConfig; close(): void } {
  const path = options.path ?? defaultConfigPath(options.env ?? process.env);
  let current = loadConfig(path, { ...options, optional: options.optional ?? true });
  applyConfig(client, current, options);
  let watcher: { close(): void } | undefined;
  const wantWatch = options.watch ?? current.general.liveReloadConfig !== false;
  if (wantWatch) {
    watcher = watchConfig(
      path,
      (config) => {
        try {
          applyConfig(client, config, options);
          current = config;
          options.onReload?.(config);
          if (config.general.liveReloadConfig === false && options.watch === undefined) {
            watcher?.close();
            watcher = undefined;
          }
        } catch (err) {
          options.onError?.(
            err instanceof ConfigError ? err : new ConfigError(String(err), { cause: err, file: path }),
          );
        }
      },
      options.onError,
      options,
    );
  }
  return {
    get config() {
      return current;
    },
    close() {
      watcher?.close();
    },
  };
}
