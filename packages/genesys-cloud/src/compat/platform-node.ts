// Node side of the compat layer: the official SDK's config file location, read and watched with @skyport/core.
import { setMaxListeners } from 'node:events';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, watchConfig } from '@skyport/core';
import type { CompatPlatform } from './platform';

export const nodePlatform: CompatPlatform = {
  defaultConfigPath: () => join(homedir(), '.genesyscloudjavascript', 'config'),
  configExists: (path) => existsSync(path),
  loadConfig: (path) => (existsSync(path) ? loadConfig(path, { env: {} }) : undefined),
  watchConfig: (path, onChange, onError) => watchConfig(path, onChange, onError, { env: {} }),
  sharedSignal: (signal) => setMaxListeners(0, signal),
};
