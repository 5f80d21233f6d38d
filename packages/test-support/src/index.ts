// Fixtures for tests that need more than a plain loopback server. Never shipped: this package is private.
export { type ConnectProxy, type ConnectProxyOptions, startConnectProxy } from './connect-proxy.js';
export { resolutionCounter } from './resolution-counter.js';
export { createTestCertificates, type TestCertificates } from './test-certificates.js';
export {
  RESOLUTIONS,
  type Resolution,
  type TypecheckResult,
  typecheckProject,
} from './typecheck-project.js';
