// Gateway URLs (seed 002): one host, optional protocol/port, separate path prefixes for login and API.
import { ConfigError } from '../errors/index.js';

export interface GatewayOptions {
  host: string;
  /** Default https (also when empty). */
  protocol?: string;
  /** Omit or -1 for the protocol's default port. */
  port?: number;
  /** Appended to the gateway URL for login (OAuth) requests. */
  pathParamsLogin?: string;
  /** Appended to the gateway URL for API requests. */
  pathParamsApi?: string;
}

function trimSlashes(s: string | undefined): string {
  return (s ?? '').trim().replace(/^\/+|\/+$/g, '');
}

export function gatewayUrls(g: GatewayOptions): { loginUrl: string; apiUrl: string } {
  const host = (g?.host ?? '').trim();
  if (!host) throw new ConfigError('gateway host is required');
  if (/[/\s:@]/.test(host.replace(/^\[[0-9a-f:]+\]$/i, ''))) {
    throw new ConfigError(`gateway host must be a bare host name (got ${JSON.stringify(host)})`);
  }
  const protocol = (g.protocol ?? '').trim().replace(/:?\/*$/, '') || 'https';
  if (!/^https?$/i.test(protocol))
    throw new ConfigError(`gateway protocol must be http or https (got ${protocol})`);
  const port = g.port;
  if (
    port !== undefined &&
    port !== null &&
    port !== -1 &&
    !(Number.isInteger(port) && port >= 0 && port <= 65535)
  ) {
    throw new ConfigError(`gateway port must be -1 or an integer from 0 to 65535 (got ${port})`);
  }
  const origin = `${protocol.toLowerCase()}://${host}${port !== undefined && port !== null && port >= 0 ? `:${port}` : ''}`;
  const login = trimSlashes(g.pathParamsLogin);
  const api = trimSlashes(g.pathParamsApi);
  return { loginUrl: login ? `${origin}/${login}` : origin, apiUrl: api ? `${origin}/${api}` : origin };
}
