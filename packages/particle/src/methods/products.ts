import type { ParticleBase } from '../base.js';
import type { BaseOptions, FileInput, UploadOptions } from '../types.js';

type P = BaseOptions & { product: string | number };
const SCHEMA = 'application/schema+json';

/** Products: firmware, team, configuration, locations, serial numbers. */
export const productMethods = {
  listProducts(this: ParticleBase, { auth, headers, context }: BaseOptions = {}) {
    return this.get({ uri: '/v1/products', auth, headers, context });
  },
  getProduct(this: ParticleBase, { product, auth, headers, context }: P) {
    return this.get({ uri: `/v1/products/${product}`, auth, headers, context });
  },
  listProductFirmware(this: ParticleBase, { product, auth, headers, context }: P) {
    return this.get({ uri: `/v1/products/${product}/firmware`, auth, headers, context });
  },
  uploadProductFirmware(
    this: ParticleBase,
    {
      file,
      version,
      title,
      description,
      product,
      onProgress,
      auth,
      headers,
      context,
    }: P & UploadOptions & { file: FileInput; version: number; title: string; description?: string },
  ) {
    return this.request({
      uri: `/v1/products/${product}/firmware`,
      method: 'post',
      auth,
      headers,
      form: { version, title, description },
      files: { 'firmware.bin': file },
      context,
      onProgress,
    });
  },
  getProductFirmware(
    this: ParticleBase,
    { version, product, auth, headers, context }: P & { version: number },
  ) {
    return this.get({ uri: `/v1/products/${product}/firmware/${version}`, auth, headers, context });
  },
  updateProductFirmware(
    this: ParticleBase,
    {
      version,
      title,
      description,
      product,
      auth,
      headers,
      context,
    }: P & { version: number; title?: string; description?: string },
  ) {
    const uri = `/v1/products/${product}/firmware/${version}`;
    return this.put({ uri, auth, headers, data: { title, description }, context });
  },
  /** Resolves to the binary: Buffer in Node, ArrayBuffer in browsers. */
  downloadProductFirmware(
    this: ParticleBase,
    { version, product, auth, headers, context }: P & { version: number },
  ): Promise<Uint8Array | ArrayBuffer> {
    const uri = `/v1/products/${product}/firmware/${version}/binary`;
    return this.request({ uri, method: 'get', auth, headers, context, isBuffer: true }) as unknown as Promise<
      Uint8Array | ArrayBuffer
    >;
  },
  /** Resolves to the backup archive: Buffer in Node, ArrayBuffer in browsers. */
  downloadManufacturingBackup(
    this: ParticleBase,
    { deviceId, auth, headers, context }: BaseOptions & { deviceId: string },
  ): Promise<Uint8Array | ArrayBuffer> {
    const uri = `/v1/devices/${deviceId}/backup_files`;
    return this.request({ uri, method: 'put', auth, headers, context, isBuffer: true }) as unknown as Promise<
      Uint8Array | ArrayBuffer
    >;
  },
  releaseProductFirmware(
    this: ParticleBase,
    {
      version,
      product,
      product_default,
      groups,
      intelligent,
      auth,
      headers,
      context,
    }: P & { version: number; product_default?: boolean; groups?: string[]; intelligent?: boolean },
  ) {
    const uri = `/v1/products/${product}/firmware/release`;
    return this.put({ uri, auth, headers, data: { version, product_default, groups, intelligent }, context });
  },
  listTeamMembers(this: ParticleBase, { product, auth, headers, context }: P) {
    return this.get({ uri: `/v1/products/${product}/team`, auth, headers, context });
  },
  inviteTeamMember(
    this: ParticleBase,
    { username, product, auth, headers, context }: P & { username: string },
  ) {
    return this.post({ uri: `/v1/products/${product}/team`, auth, headers, data: { username }, context });
  },
  removeTeamMember(
    this: ParticleBase,
    { username, product, auth, headers, context }: P & { username: string },
  ) {
    return this.delete({ uri: `/v1/products/${product}/team/${username}`, auth, headers, context });
  },
  lookupSerialNumber(
    this: ParticleBase,
    { serialNumber, auth, headers, context }: BaseOptions & { serialNumber: string },
  ) {
    return this.get({ uri: `/v1/serial_numbers/${serialNumber}`, auth, headers, context });
  },
  getProductConfiguration(this: ParticleBase, { auth, product, headers, context }: P) {
    return this.get({ uri: `/v1/products/${product}/config`, auth, headers, context });
  },
  getProductConfigurationSchema(this: ParticleBase, { auth, product, headers, context }: P) {
    const h = { ...headers, accept: SCHEMA };
    return this.get({ uri: `/v1/products/${product}/config`, auth, headers: h, context });
  },
  getProductDeviceConfiguration(
    this: ParticleBase,
    { auth, product, deviceId, headers, context }: P & { deviceId: string },
  ) {
    return this.get({ uri: `/v1/products/${product}/config/${deviceId}`, auth, headers, context });
  },
  getProductDeviceConfigurationSchema(
    this: ParticleBase,
    { auth, product, deviceId, headers, context }: P & { deviceId: string },
  ) {
    const h = { ...headers, accept: SCHEMA };
    return this.get({ uri: `/v1/products/${product}/config/${deviceId}`, auth, headers: h, context });
  },
  setProductConfiguration(
    this: ParticleBase,
    { auth, product, config, headers, context }: P & { config: Record<string, unknown> },
  ) {
    return this.put({ uri: `/v1/products/${product}/config`, auth, data: config, headers, context });
  },
  setProductDeviceConfiguration(
    this: ParticleBase,
    {
      auth,
      product,
      deviceId,
      config,
      headers,
      context,
    }: P & { deviceId: string; config: Record<string, unknown> },
  ) {
    return this.put({
      uri: `/v1/products/${product}/config/${deviceId}`,
      data: config,
      auth,
      headers,
      context,
    });
  },
  getProductLocations(
    this: ParticleBase,
    {
      auth,
      product,
      dateRange,
      rectBl,
      rectTr,
      deviceId,
      deviceName,
      groups,
      page,
      perPage,
      headers,
      context,
    }: P & {
      dateRange?: string;
      rectBl?: string;
      rectTr?: string;
      deviceId?: string;
      deviceName?: string;
      groups?: string[];
      page?: number;
      perPage?: number;
    },
  ) {
    const query = {
      date_range: dateRange,
      rect_bl: rectBl,
      rect_tr: rectTr,
      device_id: deviceId,
      device_name: deviceName,
      groups,
      page,
      per_page: perPage,
    };
    return this.get({ uri: `/v1/products/${product}/locations`, query, auth, headers, context });
  },
  getProductDeviceLocations(
    this: ParticleBase,
    {
      auth,
      product,
      dateRange,
      rectBl,
      rectTr,
      deviceId,
      headers,
      context,
    }: P & { deviceId: string; dateRange?: string; rectBl?: string; rectTr?: string },
  ) {
    const query = { date_range: dateRange, rect_bl: rectBl, rect_tr: rectTr };
    return this.get({ uri: `/v1/products/${product}/locations/${deviceId}`, query, auth, headers, context });
  },
};
