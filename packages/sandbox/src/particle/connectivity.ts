import type { FastifyInstance } from 'fastify';
import { bodyOf } from './access.js';
import { parents, rendered } from './env.js';
import { sendParticleError } from './errors.js';
import type { EventBus } from './events.js';
import type { ParticleDevice, ParticleState } from './state.js';

export interface ConnectivityDeps {
  state: () => ParticleState;
  bus: () => EventBus;
  ctx: { now(): number };
}

/** The product firmware a device runs once it connects: its locked version, else a group release, else the default. */
function targetFirmware(state: ParticleState, d: ParticleDevice): number | null {
  if (d.productId === null) return d.firmwareVersion;
  const p = state.products.get(d.productId);
  if (!p) return d.firmwareVersion;
  if (d.firmwareLocked) return d.firmwareVersion;
  const released = [...p.firmware.values()].sort((a, b) => b.version - a.version);
  const group = released.find((f) => f.groups.some((g) => d.groups.includes(g)));
  return (group ?? released.find((f) => f.productDefault))?.version ?? d.firmwareVersion;
}

/**
 * Takes a simulated device online or offline, as the cloud sees it: `spark/status` events, `last_heard`, and on
 * connecting the released product firmware and the rolled-out env vars reach the device.
 */
export function setOnline(deps: ConnectivityDeps, d: ParticleDevice, online: boolean): void {
  const state = deps.state();
  if (d.online === online) return;
  d.online = online;
  d.lastHeard = new Date(deps.ctx.now()).toISOString();
  if (online) {
    d.firmwareVersion = targetFirmware(state, d);
    const scope = `device:${d.id}`;
    const rolledOut = [scope, ...parents(state, scope).map((x) => x.key)].some(
      (k) => state.env.get(k)?.snapshot,
    );
    if (rolledOut) d.envOnDevice = { rendered: rendered(state, scope), reportedAt: deps.ctx.now() };
  }
  deps.bus().publish({
    name: 'spark/status',
    data: online ? 'online' : 'offline',
    ttl: 60,
    coreid: d.id,
    ownerId: d.ownerId,
    productId: d.productId,
    isPrivate: true,
  });
}

/** Admin route (no auth): `POST /__sandbox/particle/devices/:id {online: boolean}`. */
export function registerConnectivity(app: FastifyInstance, deps: ConnectivityDeps): void {
  app.post<{ Params: { id: string } }>('/__sandbox/particle/devices/:id', async (request, reply) => {
    const d = [...deps.state().devices.values()].find(
      (x) => x.id === request.params.id || x.name === request.params.id,
    );
    if (!d)
      return sendParticleError(
        reply,
        404,
        'Device not found',
        `no device ${JSON.stringify(request.params.id)}`,
      );
    const online = bodyOf(request).online;
    if (typeof online !== 'boolean') return sendParticleError(reply, 400, 'online must be true or false');
    setOnline(deps, d, online);
    return {
      id: d.id,
      name: d.name,
      online: d.online,
      firmware_version: d.firmwareVersion,
      env: d.envOnDevice?.rendered ?? null,
    };
  });
}
