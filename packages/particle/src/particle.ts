import { MULTIPART, ParticleBase } from './base.js';
import { authMethods } from './methods/auth.js';
import { codeMethods } from './methods/code.js';
import { deviceOsMethods } from './methods/device-os.js';
import { deviceMethods } from './methods/devices.js';
import { envVarMethods } from './methods/env-vars.js';
import { eventMethods } from './methods/events.js';
import { ledgerMethods } from './methods/ledgers.js';
import { libraryMethods } from './methods/libraries.js';
import { logicMethods } from './methods/logic.js';
import { oauthClientMethods } from './methods/oauth-clients.js';
import { productMethods } from './methods/products.js';
import { simMethods } from './methods/sims.js';
import { userMethods } from './methods/users.js';
import { webhookMethods } from './methods/webhooks.js';
import { multipart } from './multipart.js';

const all = {
  ...authMethods,
  ...userMethods,
  ...deviceMethods,
  ...codeMethods,
  ...eventMethods,
  ...webhookMethods,
  ...simMethods,
  ...libraryMethods,
  ...oauthClientMethods,
  ...productMethods,
  ...logicMethods,
  ...ledgerMethods,
  ...deviceOsMethods,
  ...envVarMethods,
};
type Methods = typeof all;

/** Particle Cloud API client with particle-api-js's method names, options and wire requests. */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the mixin below provides every declared method
export class Particle extends ParticleBase {}
export interface Particle extends Methods {}

Object.assign(Particle.prototype, all);
// `request({ files })` and the verbs take files on the full class, as in particle-api-js.
Particle.prototype[MULTIPART] = multipart;
