import type { ParticleBase } from '../base.js';
import type { BaseOptions } from '../types.js';
import { namespaced } from './ns.js';

type O = BaseOptions & { org?: string };
type F = O & { logicFunctionId: string };

export function executeLogic(
  this: ParticleBase,
  { auth, org, logic, headers, context }: O & { logic: Record<string, unknown> },
) {
  return this.post({ uri: namespaced(org, 'logic/execute'), auth, data: logic, headers, context });
}

export function createLogicFunction(
  this: ParticleBase,
  { auth, org, logicFunction, headers, context }: O & { logicFunction: Record<string, unknown> },
) {
  const data = { logic_function: logicFunction };
  return this.post({ uri: namespaced(org, 'logic/functions'), auth, data, headers, context });
}

export function getLogicFunction(this: ParticleBase, { auth, org, logicFunctionId, headers, context }: F) {
  return this.get({ uri: namespaced(org, `logic/functions/${logicFunctionId}`), auth, headers, context });
}

export function updateLogicFunction(
  this: ParticleBase,
  {
    auth,
    org,
    logicFunctionId,
    logicFunction,
    headers,
    context,
  }: F & { logicFunction: Record<string, unknown> },
) {
  const data = { logic_function: logicFunction };
  return this.put({
    uri: namespaced(org, `logic/functions/${logicFunctionId}`),
    auth,
    data,
    headers,
    context,
  });
}

export function deleteLogicFunction(this: ParticleBase, { auth, org, logicFunctionId, headers, context }: F) {
  return this.delete({
    uri: namespaced(org, `logic/functions/${logicFunctionId}`),
    auth,
    headers,
    context,
  });
}

export function listLogicFunctions(
  this: ParticleBase,
  { auth, org, todayStats, headers, context }: O & { todayStats?: boolean } = {},
) {
  const query = { today_stats: todayStats };
  return this.get({ uri: namespaced(org, 'logic/functions'), query, auth, headers, context });
}

export function listLogicRuns(this: ParticleBase, { auth, org, logicFunctionId, headers, context }: F) {
  return this.get({
    uri: namespaced(org, `logic/functions/${logicFunctionId}/runs`),
    auth,
    headers,
    context,
  });
}

export function getLogicRun(
  this: ParticleBase,
  { auth, org, logicFunctionId, logicRunId, headers, context }: F & { logicRunId: string },
) {
  const uri = namespaced(org, `logic/functions/${logicFunctionId}/runs/${logicRunId}`);
  return this.get({ uri, auth, headers, context });
}

export function getLogicRunLogs(
  this: ParticleBase,
  { auth, org, logicFunctionId, logicRunId, headers, context }: F & { logicRunId: string },
) {
  const uri = namespaced(org, `logic/functions/${logicFunctionId}/runs/${logicRunId}/logs`);
  return this.get({ uri, auth, headers, context });
}

/** Logic functions and their runs. */
export const logicMethods = {
  executeLogic,
  createLogicFunction,
  getLogicFunction,
  updateLogicFunction,
  deleteLogicFunction,
  listLogicFunctions,
  listLogicRuns,
  getLogicRun,
  getLogicRunLogs,
};
