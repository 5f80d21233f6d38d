// @skyport/genesys-cloud/compat (browsers): drop-in for purecloud-platform-client-v2, without Node built-ins.
import { registerDefaultInvoker } from '../runtime/descriptor';
import { ApiClient } from './api-client';
import { platformClient } from './shared';

registerDefaultInvoker(() => ApiClient.instance);

export * from './shared';
export default platformClient;
