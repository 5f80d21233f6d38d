import type { ParticleBase } from '../base.js';
import type { BaseOptions } from '../types.js';

/** Exactly one scope: a product, an org, a device, or `sandbox: true` for the user's own. */
export interface EnvScope {
  product?: string | number;
  org?: string;
  deviceId?: string;
  sandbox?: boolean;
}
type E = BaseOptions & EnvScope;

export interface EnvVarOp {
  op: 'Set' | 'Unset' | string;
  key: string;
  value?: string;
}

function envUri({ product, org, deviceId, sandbox }: EnvScope): string {
  const n = [product, org, deviceId, sandbox].filter(Boolean).length;
  if (n === 0) throw new TypeError('Specify one of: product, org, deviceId, or sandbox');
  if (n > 1) throw new TypeError('Specify only one of: product, org, deviceId, or sandbox');
  if (product) return `/v1/products/${product}/env`;
  if (org) return `/v1/orgs/${org}/env`;
  if (deviceId) return `/v1/env/${deviceId}`;
  return '/v1/env';
}

export function listEnvVars(this: ParticleBase, { auth, headers, context, ...scope }: E) {
  return this.get({ uri: envUri(scope), auth, headers, context });
}

export function updateEnvVars(
  this: ParticleBase,
  { ops, auth, headers, context, ...scope }: E & { ops: EnvVarOp[] },
) {
  return this.patch({ uri: envUri(scope), auth, headers, context, data: { ops } });
}

export function setEnvVar(
  this: ParticleBase,
  { key, value, auth, headers, context, ...scope }: E & { key: string; value: string },
) {
  return this.put({ uri: `${envUri(scope)}/${key}`, auth, headers, context, data: { value } });
}

export function deleteEnvVar(
  this: ParticleBase,
  { key, auth, headers, context, ...scope }: E & { key: string },
) {
  return this.delete({ uri: `${envUri(scope)}/${key}`, auth, headers, context });
}

export function renderEnvVars(this: ParticleBase, { auth, headers, context, ...scope }: E) {
  return this.get({ uri: `${envUri(scope)}/render`, auth, headers, context });
}

export function reviewEnvVarsRollout(this: ParticleBase, { auth, headers, context, ...scope }: E) {
  return this.get({ uri: `${envUri(scope)}/rollout`, auth, headers, context });
}

export function startEnvVarsRollout(
  this: ParticleBase,
  { when, auth, headers, context, ...scope }: E & { when?: 'Immediate' | 'Connect' | string },
) {
  return this.post({ uri: `${envUri(scope)}/rollout`, auth, headers, context, data: { when } });
}

/** Environment variables and their rollouts. Scope errors are thrown synchronously, as in particle-api-js. */
export const envVarMethods = {
  listEnvVars,
  updateEnvVars,
  setEnvVar,
  deleteEnvVar,
  renderEnvVars,
  reviewEnvVarsRollout,
  startEnvVarsRollout,
};
