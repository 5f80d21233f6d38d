// Environment resolution: a region key, an AWS region, a domain, an API host or URL → API, login and streaming URLs.
// Region keys map to domains here (no descriptions), so a client bundles the hosts without the `regions` table.
import { ConfigError } from '@skyport/core';

/** The environment domain of every current Genesys Cloud region, keyed like the official SDKs' `PureCloudRegionHosts`. */
export const REGION_DOMAINS = {
  us_east_1: 'mypurecloud.com',
  us_east_2: 'use2.us-gov-pure.cloud',
  us_west_2: 'usw2.pure.cloud',
  ca_central_1: 'cac1.pure.cloud',
  sa_east_1: 'sae1.pure.cloud',
  mx_central_1: 'mxc1.pure.cloud',
  eu_west_1: 'mypurecloud.ie',
  eu_west_2: 'euw2.pure.cloud',
  eu_central_1: 'mypurecloud.de',
  eu_central_2: 'euc2.pure.cloud',
  eusc_de_east_1: 'edee1.eusc-pure.cloud',
  me_central_1: 'mec1.pure.cloud',
  ap_south_1: 'aps1.pure.cloud',
  ap_southeast_1: 'apse1.pure.cloud',
  ap_southeast_2: 'mypurecloud.com.au',
  ap_northeast_1: 'mypurecloud.jp',
  ap_northeast_2: 'apne2.pure.cloud',
  ap_northeast_3: 'apne3.pure.cloud',
} as const;

export type RegionName = keyof typeof REGION_DOMAINS;

/** The API, login and streaming hosts of an environment domain: HTTPS (and WSS) unless `secure` is false. */
export function hostsOf(domain: string, secure = true, port = ''): Required<Environment> {
  const s = secure ? 's' : '';
  return {
    apiUrl: `http${s}://api.${domain}${port}`,
    loginUrl: `http${s}://login.${domain}${port}`,
    streamingUrl: `ws${s}://streaming.${domain}${port}`,
  };
}

/** The hosts a client talks to. */
export interface Environment {
  apiUrl: string;
  loginUrl: string;
  /** Base for notification WebSockets; channels normally carry their own `connectUri`. */
  streamingUrl?: string;
}

const DOMAIN = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$/i;

/** Region keys → environment domains: REGION_DOMAINS, or none (the modular client without its regionKeys stage). */
export type RegionTable = Readonly<Record<string, string>> | undefined;

/**
 * Accepts a region key (`eu_west_1`), an AWS region (`eu-west-1`), a domain (`mypurecloud.ie`), an API host
 * (`api.mypurecloud.ie`) or an API URL (`https://api.mypurecloud.ie`), and returns the API, login and streaming URLs.
 * Any other http(s) URL (a proxy, a sandbox) is used as the API URL with `login.` in front of its host for login,
 * unless it is an IP address or localhost, where login shares the API origin under `/login`.
 */
export function resolveEnvironment(value: string): Environment {
  return environmentIn(value, REGION_DOMAINS);
}

/** resolveEnvironment with the region keys of `regions` (none: a region key is not a valid host name). */
export function environmentIn(value: string, regions: RegionTable): Environment {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ConfigError('environment must be a non-empty string such as "mypurecloud.ie" or "eu_west_1"');
  }
  const input = value.trim();
  const known = regions?.[input.replace(/-/g, '_')];
  if (known) return hostsOf(known);
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(input) ? input : `https://${input}`);
  } catch {
    throw new ConfigError(`environment ${JSON.stringify(value)} is neither a region, a domain nor a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigError(`environment ${JSON.stringify(value)} must use http or https`);
  }
  if (url.pathname !== '/' || url.search || url.hash || url.username) {
    throw new ConfigError(
      `environment ${JSON.stringify(value)} must be a host or origin without path, query or credentials`,
    );
  }
  const host = url.hostname.toLowerCase();
  const isLocal = host === 'localhost' || /^[\d.]+$/.test(host) || host.startsWith('[');
  if (isLocal) {
    const origin = url.origin;
    return {
      apiUrl: origin,
      loginUrl: `${origin}/login`,
      streamingUrl: origin.replace(/^http/, 'ws'),
    };
  }
  if (!DOMAIN.test(host))
    throw new ConfigError(`environment ${JSON.stringify(value)} has an invalid host name`);
  const domain = host.replace(/^(?:api|login|apps|streaming)\./, '');
  return hostsOf(domain, url.protocol !== 'http:', url.port ? `:${url.port}` : '');
}
