import type { ParticleBase } from '../base.js';
import { uploadRequest } from '../multipart.js';
import type { BaseOptions, FileInput } from '../types.js';

type Product = { product?: string | number };
type Dev = BaseOptions & Product & { deviceId: string };

export function listDevices(
  this: ParticleBase,
  {
    deviceId,
    deviceName,
    groups,
    sortAttr,
    sortDir,
    page,
    perPage,
    product,
    auth,
    headers,
    context,
  }: BaseOptions &
    Product & {
      deviceId?: string;
      deviceName?: string;
      groups?: string[];
      sortAttr?: string;
      sortDir?: string;
      page?: number;
      perPage?: number;
    } = {},
) {
  if (product) {
    const query = {
      deviceId,
      deviceName,
      groups: Array.isArray(groups) ? groups.join(',') : undefined,
      sortAttr,
      sortDir,
      page,
      per_page: perPage,
    };
    return this.get({ uri: `/v1/products/${product}/devices`, auth, headers, query, context });
  }
  return this.get({ uri: '/v1/devices', auth, headers, context });
}

export function getDevice(this: ParticleBase, { deviceId, product, auth, headers, context }: Dev) {
  return this.get({ uri: this.deviceUri({ deviceId, product }), auth, headers, context });
}

export function claimDevice(
  this: ParticleBase,
  {
    deviceId,
    requestTransfer,
    auth,
    headers,
    context,
  }: BaseOptions & { deviceId: string; requestTransfer?: boolean },
) {
  return this.post({
    uri: '/v1/devices',
    auth,
    headers,
    data: { id: deviceId, request_transfer: !!requestTransfer },
    context,
  });
}

export function removeDevice(
  this: ParticleBase,
  { deviceId, deny, product, auth, headers, context }: Dev & { deny?: boolean },
) {
  const data = product ? { deny } : undefined;
  return this.delete({ uri: this.deviceUri({ deviceId, product }), data, auth, headers, context });
}

export function removeDeviceOwner(this: ParticleBase, { deviceId, product, auth, headers, context }: Dev) {
  return this.delete({ uri: `/v1/products/${product}/devices/${deviceId}/owner`, auth, headers, context });
}

export function updateDevice(
  this: ParticleBase,
  {
    deviceId,
    name,
    signal,
    notes,
    development,
    desiredFirmwareVersion,
    flash,
    product,
    auth,
    headers,
    context,
  }: Dev & {
    name?: string;
    signal?: boolean;
    notes?: string;
    development?: boolean;
    desiredFirmwareVersion?: number | null;
    flash?: boolean;
  },
) {
  const signalValue = signal === undefined ? undefined : signal ? '1' : '0';
  const data = product
    ? {
        name,
        signal: signalValue,
        notes,
        development,
        desired_firmware_version: desiredFirmwareVersion,
        flash,
      }
    : { name, signal: signalValue, notes };
  return this.put({ uri: this.deviceUri({ deviceId, product }), auth, headers, data, context });
}

export function renameDevice(this: ParticleBase, o: Dev & { name: string }) {
  return updateDevice.call(this, o);
}

export function signalDevice(this: ParticleBase, o: Dev & { signal: boolean }) {
  return updateDevice.call(this, o);
}

export function setDeviceNotes(this: ParticleBase, o: Dev & { notes: string }) {
  return updateDevice.call(this, o);
}

export function getVariable(
  this: ParticleBase,
  { deviceId, name, product, auth, headers, context }: Dev & { name: string },
) {
  const uri = product
    ? `/v1/products/${product}/devices/${deviceId}/${name}`
    : `/v1/devices/${deviceId}/${name}`;
  return this.get({ uri, auth, headers, context });
}

export function callFunction(
  this: ParticleBase,
  { deviceId, name, argument, product, auth, headers, context }: Dev & { name: string; argument?: string },
) {
  const uri = product
    ? `/v1/products/${product}/devices/${deviceId}/${name}`
    : `/v1/devices/${deviceId}/${name}`;
  return this.post({ uri, auth, headers, data: { args: argument }, context });
}

export function addDeviceToProduct(
  this: ParticleBase,
  {
    deviceId,
    product,
    file,
    auth,
    headers,
    context,
  }: BaseOptions & { deviceId?: string; product: string | number; file?: FileInput },
) {
  const files = file ? { file } : undefined;
  const data = !file && deviceId ? { id: deviceId } : undefined;
  return uploadRequest(this, {
    uri: `/v1/products/${product}/devices`,
    method: 'post',
    headers,
    data,
    files,
    auth,
    context,
  });
}

export function markAsDevelopmentDevice(
  this: ParticleBase,
  { development = true, ...o }: Dev & { development?: boolean },
) {
  return updateDevice.call(this, { ...o, development });
}

export function lockDeviceProductFirmware(
  this: ParticleBase,
  o: Dev & { desiredFirmwareVersion: number; flash?: boolean },
) {
  return updateDevice.call(this, o);
}

export function unlockDeviceProductFirmware(this: ParticleBase, o: Dev) {
  return updateDevice.call(this, { ...o, desiredFirmwareVersion: null });
}

export function unprotectDevice(
  this: ParticleBase,
  {
    deviceId,
    org,
    product,
    action,
    serverNonce,
    deviceNonce,
    deviceSignature,
    devicePublicKeyFingerprint,
    auth,
    headers,
    context,
  }: Dev & {
    org?: string;
    action: 'prepare' | 'confirm' | 'reset' | string;
    serverNonce?: string;
    deviceNonce?: string;
    deviceSignature?: string;
    devicePublicKeyFingerprint?: string;
  },
) {
  const data: Record<string, unknown> = { action };
  if (deviceNonce !== undefined) data.device_nonce = deviceNonce;
  if (serverNonce !== undefined) data.server_nonce = serverNonce;
  if (deviceSignature !== undefined) data.device_signature = deviceSignature;
  if (devicePublicKeyFingerprint !== undefined)
    data.device_public_key_fingerprint = devicePublicKeyFingerprint;
  const uri = `${this.deviceUri({ deviceId, product, org })}/unprotect`;
  return this.put({ uri, data, auth, headers, context });
}

export function provisionDevice(
  this: ParticleBase,
  { productId, auth, headers, context }: BaseOptions & { productId: number },
) {
  return this.post({ uri: '/v1/devices', auth, headers, data: { product_id: productId }, context });
}

export function getClaimCode(
  this: ParticleBase,
  { iccid, product, auth, headers, context }: BaseOptions & Product & { iccid?: string },
) {
  const uri = product ? `/v1/products/${product}/device_claims` : '/v1/device_claims';
  return this.post({ uri, auth, headers, data: { iccid }, context });
}

/** Devices: list, get, claim, remove, update, functions and variables. */
export const deviceMethods = {
  listDevices,
  getDevice,
  claimDevice,
  removeDevice,
  removeDeviceOwner,
  updateDevice,
  renameDevice,
  signalDevice,
  setDeviceNotes,
  getVariable,
  callFunction,
  addDeviceToProduct,
  markAsDevelopmentDevice,
  lockDeviceProductFirmware,
  unlockDeviceProductFirmware,
  unprotectDevice,
  provisionDevice,
  getClaimCode,
};
