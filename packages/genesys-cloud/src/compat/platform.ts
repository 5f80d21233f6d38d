// What differs between the Node and browser builds of the compat layer: config files and reading PEM files.
import type { SkyportConfig } from '@skyport/core';

export interface CompatPlatform {
  /** Default config file of the official SDK (~/.genesyscloudjavascript/config); undefined in browsers. */
  defaultConfigPath?: () => string;
  configExists?: (path: string) => boolean;
  /** Reads and parses a config file (INI or JSON); undefined when the file does not exist. */
  loadConfig?: (path: string) => SkyportConfig | undefined;
  watchConfig?: (
    path: string,
    onChange: (config: SkyportConfig) => void,
    onError: (err: Error) => void,
  ) => { close(): void };
  /** Called with each shared timeout signal, which many requests listen to at once (Node lifts its listener limit). */
  sharedSignal?: (signal: AbortSignal) => void;
}

let current: CompatPlatform = {};

export function setCompatPlatform(p: CompatPlatform): void {
  current = p;
}

export function compatPlatform(): CompatPlatform {
  return current;
}

/** The official SDK's test for a browser: a global `window`. */
export const isBrowser = (): boolean => typeof (globalThis as { window?: unknown }).window !== 'undefined';
