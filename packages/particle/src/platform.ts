// Node (and default) platform for core's HttpClientBase: @skyport/core's createTransport and createLogger
// resolve to undici and the file-capable logger on Node, to fetch and the console/function logger elsewhere.
import { type ClientPlatform, createLogger, createTransport } from '@skyport/core';

export const platform: ClientPlatform = { createTransport, createLogger };
