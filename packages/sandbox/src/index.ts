export type { Fault, FaultKind, FaultRegistry, SandboxContext } from './context.js';
export { type FaultInput, FaultInputError, FaultStore } from './faults.js';
export {
  SamlAssertionError,
  type SamlIdentityProvider,
  type SamlTrust,
  type SignSamlOptions,
  signSamlAssertion,
  verifySamlAssertion,
} from './genesys/saml.js';
export {
  type RecordedRequest,
  type Sandbox,
  type SandboxOptions,
  type SandboxUser,
  startSandbox,
} from './server.js';
