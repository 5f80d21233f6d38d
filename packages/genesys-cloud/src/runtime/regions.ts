// Genesys Cloud regions and environment resolution: every region's API, login and streaming (WebSocket) hosts.
import { ConfigError } from '@skyport/core';

export interface Region {
  /** AWS region the Genesys Cloud region runs in, e.g. `us-east-1`. */
  readonly aws: string;
  /** Where it is, for people. */
  readonly location: string;
  /** Environment domain: the part after `api.` / `login.`. */
  readonly domain: string;
  readonly apiUrl: string;
  readonly loginUrl: string;
  /** Host of notification WebSockets (`wss://streaming.<domain>`). */
  readonly streamingUrl: string;
}

const region = (aws: string, location: string, domain: string): Region => ({
  aws,
  location,
  domain,
  apiUrl: `https://api.${domain}`,
  loginUrl: `https://login.${domain}`,
  streamingUrl: `wss://streaming.${domain}`,
});

/** Every current Genesys Cloud region, keyed like the official SDKs' `PureCloudRegionHosts`. */
export const regions = {
  us_east_1: region('us-east-1', 'Americas (US East, Virginia)', 'mypurecloud.com'),
  us_east_2: region('us-east-2', 'Americas (US East 2, FedRAMP)', 'use2.us-gov-pure.cloud'),
  us_west_2: region('us-west-2', 'Americas (US West, Oregon)', 'usw2.pure.cloud'),
  ca_central_1: region('ca-central-1', 'Americas (Canada)', 'cac1.pure.cloud'),
  sa_east_1: region('sa-east-1', 'Americas (São Paulo)', 'sae1.pure.cloud'),
  mx_central_1: region('mx-central-1', 'Americas (Mexico)', 'mxc1.pure.cloud'),
  eu_west_1: region('eu-west-1', 'EMEA (Dublin)', 'mypurecloud.ie'),
  eu_west_2: region('eu-west-2', 'EMEA (London)', 'euw2.pure.cloud'),
  eu_central_1: region('eu-central-1', 'EMEA (Frankfurt)', 'mypurecloud.de'),
  eu_central_2: region('eu-central-2', 'EMEA (Zurich)', 'euc2.pure.cloud'),
  eusc_de_east_1: region('eusc-de-east-1', 'EMEA (EU Sovereign Cloud, Brandenburg)', 'edee1.eusc-pure.cloud'),
  me_central_1: region('me-central-1', 'EMEA (UAE)', 'mec1.pure.cloud'),
  ap_south_1: region('ap-south-1', 'Asia Pacific (Mumbai)', 'aps1.pure.cloud'),
  ap_southeast_1: region('ap-southeast-1', 'Asia Pacific (Singapore)', 'apse1.pure.cloud'),
  ap_southeast_2: region('ap-southeast-2', 'Asia Pacific (Sydney)', 'mypurecloud.com.au'),
  ap_northeast_1: region('ap-northeast-1', 'Asia Pacific (Tokyo)', 'mypurecloud.jp'),
  ap_northeast_2: region('ap-northeast-2', 'Asia Pacific (Seoul)', 'apne2.pure.cloud'),
  ap_northeast_3: region('ap-northeast-3', 'Asia Pacific (Osaka)', 'apne3.pure.cloud'),
} as const satisfies Record<string, Region>;

export type RegionName = keyof typeof regions;

/** The hosts a client talks to. */
export interface Environment {
  apiUrl: string;
  loginUrl: string;
  /** Base for notification WebSockets; channels normally carry their own `connectUri`. */
  streamingUrl?: string;
}

const DOMAIN = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$/i;

/**
 * Accepts a region key (`eu_west_1`), an AWS region (`eu-west-1`), a domain (`mypurecloud.ie`), an API host
 * (`api.mypurecloud.ie`) or an API URL (`https://api.mypurecloud.ie`), and returns the API, login and streaming URLs.
 * Any other http(s) URL (a proxy, a sandbox) is used as the API URL with `login.` in front of its host for login,
 * unless it is an IP address or localhost, where login shares the API origin under `/login`.
 */
export function resolveEnvironment(value: string): Environment {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ConfigError('environment must be a non-empty string such as "mypurecloud.ie" or "eu_west_1"');
  }
  const input = value.trim();
  const known = (regions as Record<string, Region>)[input.replace(/-/g, '_')];
  if (known) return { apiUrl: known.apiUrl, loginUrl: known.loginUrl, streamingUrl: known.streamingUrl };
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
  const port = url.port ? `:${url.port}` : '';
  const scheme = url.protocol === 'http:' ? 'http' : 'https';
  return {
    apiUrl: `${scheme}://api.${domain}${port}`,
    loginUrl: `${scheme}://login.${domain}${port}`,
    streamingUrl: `${scheme === 'http' ? 'ws' : 'wss'}://streaming.${domain}${port}`,
  };
}
