import { multipart } from '../multipart.js';
import type { BaseOptions, FileInput, UploadOptions } from '../types.js';
import { type Binary, def, inProduct } from './define.js';

type P = BaseOptions & { product: string | number };
type Version = P & { version: number };
type Dev = P & { deviceId: string };
type Locations = P & { dateRange?: string; rectBl?: string; rectTr?: string };
const SCHEMA = 'application/schema+json';
const binary = (o: BaseOptions) => ({ isBuffer: true, headers: o.headers });
const schema = (o: BaseOptions) => ({ headers: { ...o.headers, accept: SCHEMA } });
const locations = (o: Locations) => ({ date_range: o.dateRange, rect_bl: o.rectBl, rect_tr: o.rectTr });

export const listProducts = /* @__PURE__ */ def('get', (_: BaseOptions) => '/v1/products');

export const getProduct = /* @__PURE__ */ def('get', (o: P) => inProduct(o));

export const listProductFirmware = /* @__PURE__ */ def('get', (o: P) => inProduct(o, '/firmware'));

export const uploadProductFirmware = /* @__PURE__ */ def(
  'post',
  (o: P & UploadOptions & { file: FileInput; version: number; title: string; description?: string }) =>
    inProduct(o, '/firmware'),
  (o) => ({
    form: { version: o.version, title: o.title, description: o.description },
    files: { 'firmware.bin': o.file },
    onProgress: o.onProgress,
  }),
  multipart,
);

export const getProductFirmware = /* @__PURE__ */ def('get', (o: Version) =>
  inProduct(o, `/firmware/${o.version}`),
);

export const updateProductFirmware = /* @__PURE__ */ def(
  'put',
  (o: Version & { title?: string; description?: string }) => inProduct(o, `/firmware/${o.version}`),
  (o) => ({ data: { title: o.title, description: o.description } }),
);

/** Resolves to the binary: Buffer in Node, ArrayBuffer in browsers. */
export const downloadProductFirmware = /* @__PURE__ */ def<Version, Binary>(
  'get',
  (o) => inProduct(o, `/firmware/${o.version}/binary`),
  binary,
);

/** Resolves to the backup archive: Buffer in Node, ArrayBuffer in browsers. */
export const downloadManufacturingBackup = /* @__PURE__ */ def<BaseOptions & { deviceId: string }, Binary>(
  'put',
  (o) => `/v1/devices/${o.deviceId}/backup_files`,
  binary,
);

export const releaseProductFirmware = /* @__PURE__ */ def(
  'put',
  (o: Version & { product_default?: boolean; groups?: string[]; intelligent?: boolean }) =>
    inProduct(o, '/firmware/release'),
  (o) => ({
    data: {
      version: o.version,
      product_default: o.product_default,
      groups: o.groups,
      intelligent: o.intelligent,
    },
  }),
);

export const listTeamMembers = /* @__PURE__ */ def('get', (o: P) => inProduct(o, '/team'));

export const inviteTeamMember = /* @__PURE__ */ def(
  'post',
  (o: P & { username: string }) => inProduct(o, '/team'),
  (o) => ({ data: { username: o.username } }),
);

export const removeTeamMember = /* @__PURE__ */ def('delete', (o: P & { username: string }) =>
  inProduct(o, `/team/${o.username}`),
);

export const lookupSerialNumber = /* @__PURE__ */ def(
  'get',
  (o: BaseOptions & { serialNumber: string }) => `/v1/serial_numbers/${o.serialNumber}`,
);

export const getProductConfiguration = /* @__PURE__ */ def('get', (o: P) => inProduct(o, '/config'));

export const getProductConfigurationSchema = /* @__PURE__ */ def(
  'get',
  (o: P) => inProduct(o, '/config'),
  schema,
);

export const getProductDeviceConfiguration = /* @__PURE__ */ def('get', (o: Dev) =>
  inProduct(o, `/config/${o.deviceId}`),
);

export const getProductDeviceConfigurationSchema = /* @__PURE__ */ def(
  'get',
  (o: Dev) => inProduct(o, `/config/${o.deviceId}`),
  schema,
);

export const setProductConfiguration = /* @__PURE__ */ def(
  'put',
  (o: P & { config: Record<string, unknown> }) => inProduct(o, '/config'),
  (o) => ({ data: o.config }),
);

export const setProductDeviceConfiguration = /* @__PURE__ */ def(
  'put',
  (o: Dev & { config: Record<string, unknown> }) => inProduct(o, `/config/${o.deviceId}`),
  (o) => ({ data: o.config }),
);

export const getProductLocations = /* @__PURE__ */ def(
  'get',
  (
    o: Locations & {
      deviceId?: string;
      deviceName?: string;
      groups?: string[];
      page?: number;
      perPage?: number;
    },
  ) => inProduct(o, '/locations'),
  (o) => ({
    query: {
      ...locations(o),
      device_id: o.deviceId,
      device_name: o.deviceName,
      groups: o.groups,
      page: o.page,
      per_page: o.perPage,
    },
  }),
);

export const getProductDeviceLocations = /* @__PURE__ */ def(
  'get',
  (o: Locations & { deviceId: string }) => inProduct(o, `/locations/${o.deviceId}`),
  (o) => ({ query: locations(o) }),
);

/** Products: firmware, team, configuration, locations, serial numbers. */
export const productMethods = {
  listProducts,
  getProduct,
  listProductFirmware,
  uploadProductFirmware,
  getProductFirmware,
  updateProductFirmware,
  downloadProductFirmware,
  downloadManufacturingBackup,
  releaseProductFirmware,
  listTeamMembers,
  inviteTeamMember,
  removeTeamMember,
  lookupSerialNumber,
  getProductConfiguration,
  getProductConfigurationSchema,
  getProductDeviceConfiguration,
  getProductDeviceConfigurationSchema,
  setProductConfiguration,
  setProductDeviceConfiguration,
  getProductLocations,
  getProductDeviceLocations,
};
