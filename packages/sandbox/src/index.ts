export type { Fault, FaultKind, FaultRegistry, SandboxContext } from './context.js';
export { type FaultInput, FaultInputError, FaultStore } from './faults.js';
export { type RecordedRequest, type Sandbox, type SandboxOptions, startSandbox } from './server.js';
