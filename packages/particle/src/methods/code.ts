import type { ParticleBase } from '../base.js';
import { uploadRequest } from '../multipart.js';
import type { BaseOptions, FileInput, UploadOptions } from '../types.js';

/** `{ 'name.ino': path | Buffer | Blob | stream }` */
export type SourceFiles = Record<string, FileInput>;

export function flashDevice(
  this: ParticleBase,
  {
    deviceId,
    product,
    files,
    targetVersion,
    onProgress,
    auth,
    headers,
    context,
  }: BaseOptions &
    UploadOptions & {
      deviceId: string;
      product?: string | number;
      files: SourceFiles;
      targetVersion?: string;
    },
) {
  const form: Record<string, string> = targetVersion
    ? { build_target_version: targetVersion }
    : { latest: 'true' };
  return uploadRequest(this, {
    uri: this.deviceUri({ deviceId, product }),
    method: 'put',
    auth,
    headers,
    files,
    form,
    context,
    onProgress,
  });
}

export function compileCode(
  this: ParticleBase,
  {
    files,
    platformId,
    targetVersion,
    onProgress,
    auth,
    headers,
    context,
  }: BaseOptions &
    UploadOptions & { files: SourceFiles; platformId?: number | string; targetVersion?: string },
) {
  const form: Record<string, unknown> = { platform_id: platformId };
  if (targetVersion) form.build_target_version = targetVersion;
  else form.latest = 'true';
  return uploadRequest(this, {
    uri: '/v1/binaries',
    method: 'post',
    auth,
    headers,
    files,
    form,
    context,
    onProgress,
  });
}

/** Resolves to the binary itself: a Buffer in Node, an ArrayBuffer in browsers. */
export function downloadFirmwareBinary(
  this: ParticleBase,
  { binaryId, auth, headers, context }: BaseOptions & { binaryId: string },
): Promise<Uint8Array | ArrayBuffer> {
  return this.request({
    uri: `/v1/binaries/${binaryId}`,
    method: 'get',
    auth,
    headers,
    context,
    isBuffer: true,
  }) as unknown as Promise<Uint8Array | ArrayBuffer>;
}

export function sendPublicKey(
  this: ParticleBase,
  {
    deviceId,
    key,
    algorithm,
    auth,
    headers,
    context,
  }: BaseOptions & { deviceId: string; key: string | { toString(): string }; algorithm?: string },
) {
  return this.post({
    uri: `/v1/provisioning/${deviceId}`,
    auth,
    headers,
    data: {
      deviceID: deviceId,
      publicKey: typeof key === 'string' ? key : key.toString(),
      filename: 'particle-api',
      order: `manual_${Date.now()}`,
      algorithm: algorithm || 'rsa',
    },
    context,
  });
}

/** Compiling, flashing and firmware binaries. */
export const codeMethods = {
  flashDevice,
  compileCode,
  downloadFirmwareBinary,
  sendPublicKey,
};
