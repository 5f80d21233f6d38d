import type { ParticleBase } from '../base.js';
import type { BaseOptions } from '../types.js';
import { namespaced } from './ns.js';

type O = BaseOptions & { org?: string };
type F = O & { logicFunctionId: string };

/** Logic functions and their runs. */
export const logicMethods = {
  executeLogic(
    this: ParticleBase,
    { auth, org, logic, headers, context }: O & { logic: Record<string, unknown> },
  ) {
    return this.post({ uri: namespaced(org, 'logic/execute'), auth, data: logic, headers, context });
  },
  createLogicFunction(
    this: ParticleBase,
    { auth, org, logicFunction, headers, context }: O & { logicFunction: Record<string, unknown> },
  ) {
    const data = { logic_function: logicFunction };
    return this.post({ uri: namespaced(org, 'logic/functions'), auth, data, headers, context });
  },
  getLogicFunction(this: ParticleBase, { auth, org, logicFunctionId, headers, context }: F) {
    return this.get({ uri: namespaced(org, `logic/functions/${logicFunctionId}`), auth, headers, context });
  },
  updateLogicFunction(
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
  },
  deleteLogicFunction(this: ParticleBase, { auth, org, logicFunctionId, headers, context }: F) {
    return this.delete({
      uri: namespaced(org, `logic/functions/${logicFunctionId}`),
      auth,
      headers,
      context,
    });
  },
  listLogicFunctions(
    this: ParticleBase,
    { auth, org, todayStats, headers, context }: O & { todayStats?: boolean } = {},
  ) {
    const query = { today_stats: todayStats };
    return this.get({ uri: namespaced(org, 'logic/functions'), query, auth, headers, context });
  },
  listLogicRuns(this: ParticleBase, { auth, org, logicFunctionId, headers, context }: F) {
    return this.get({
      uri: namespaced(org, `logic/functions/${logicFunctionId}/runs`),
      auth,
      headers,
      context,
    });
  },
  getLogicRun(
    this: ParticleBase,
    { auth, org, logicFunctionId, logicRunId, headers, context }: F & { logicRunId: string },
  ) {
    const uri = namespaced(org, `logic/functions/${logicFunctionId}/runs/${logicRunId}`);
    return this.get({ uri, auth, headers, context });
  },
  getLogicRunLogs(
    this: ParticleBase,
    { auth, org, logicFunctionId, logicRunId, headers, context }: F & { logicRunId: string },
  ) {
    const uri = namespaced(org, `logic/functions/${logicFunctionId}/runs/${logicRunId}/logs`);
    return this.get({ uri, auth, headers, context });
  },
};
