// Genesys Cloud regions for people and tools: every region's AWS name, location, domain and hosts. Clients resolve
// regions through ./environment.ts, which carries the domains only.
import { hostsOf, REGION_DOMAINS, type RegionName } from './environment';

export { type Environment, type RegionName, resolveEnvironment } from './environment';

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

const region = (key: RegionName, location: string): Region => ({
  aws: key.replace(/_/g, '-'),
  location,
  domain: REGION_DOMAINS[key],
  ...hostsOf(REGION_DOMAINS[key]),
});

/** Every current Genesys Cloud region, keyed like the official SDKs' `PureCloudRegionHosts`. */
export const regions: { readonly [K in RegionName]: Region } = {
  us_east_1: /* @__PURE__ */ region('us_east_1', 'Americas (US East, Virginia)'),
  us_east_2: /* @__PURE__ */ region('us_east_2', 'Americas (US East 2, FedRAMP)'),
  us_west_2: /* @__PURE__ */ region('us_west_2', 'Americas (US West, Oregon)'),
  ca_central_1: /* @__PURE__ */ region('ca_central_1', 'Americas (Canada)'),
  sa_east_1: /* @__PURE__ */ region('sa_east_1', 'Americas (São Paulo)'),
  mx_central_1: /* @__PURE__ */ region('mx_central_1', 'Americas (Mexico)'),
  eu_west_1: /* @__PURE__ */ region('eu_west_1', 'EMEA (Dublin)'),
  eu_west_2: /* @__PURE__ */ region('eu_west_2', 'EMEA (London)'),
  eu_central_1: /* @__PURE__ */ region('eu_central_1', 'EMEA (Frankfurt)'),
  eu_central_2: /* @__PURE__ */ region('eu_central_2', 'EMEA (Zurich)'),
  eusc_de_east_1: /* @__PURE__ */ region('eusc_de_east_1', 'EMEA (EU Sovereign Cloud, Brandenburg)'),
  me_central_1: /* @__PURE__ */ region('me_central_1', 'EMEA (UAE)'),
  ap_south_1: /* @__PURE__ */ region('ap_south_1', 'Asia Pacific (Mumbai)'),
  ap_southeast_1: /* @__PURE__ */ region('ap_southeast_1', 'Asia Pacific (Singapore)'),
  ap_southeast_2: /* @__PURE__ */ region('ap_southeast_2', 'Asia Pacific (Sydney)'),
  ap_northeast_1: /* @__PURE__ */ region('ap_northeast_1', 'Asia Pacific (Tokyo)'),
  ap_northeast_2: /* @__PURE__ */ region('ap_northeast_2', 'Asia Pacific (Seoul)'),
  ap_northeast_3: /* @__PURE__ */ region('ap_northeast_3', 'Asia Pacific (Osaka)'),
};
