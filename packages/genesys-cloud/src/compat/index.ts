// @skyport/genesys-cloud/compat (Node): drop-in for purecloud-platform-client-v2.
import { registerDefaultInvoker } from '../runtime/descriptor';
import { ApiClient } from './api-client';
import { setCompatPlatform } from './platform';
import { nodePlatform } from './platform-node';
import { platformClient } from './shared';

setCompatPlatform(nodePlatform);
registerDefaultInvoker(() => ApiClient.instance);

export * from './shared';
export default platformClient;
