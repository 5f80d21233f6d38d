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

/** Products: firmware, team, configuration, locations, serial numbers. */
export const productMethods = {
  listProducts: def('get', (_: BaseOptions) => '/v1/products'),
  getProduct: def('get', (o: P) => inProduct(o)),
  listProductFirmware: def('get', (o: P) => inProduct(o, '/firmware')),
  uploadProductFirmware: def(
    'post',
    (o: P & UploadOptions & { file: FileInput; version: number; title: string; description?: string }) =>
      inProduct(o, '/firmware'),
    (o) => ({
      form: { version: o.version, title: o.title, description: o.description },
      files: { 'firmware.bin': o.file },
      onProgress: o.onProgress,
    }),
  ),
  getProductFirmware: def('get', (o: Version) => inProduct(o, `/firmware/${o.version}`)),
  updateProductFirmware: def(
    'put',
    (o: Version & { title?: string; description?: string }) => inProduct(o, `/firmware/${o.version}`),
    (o) => ({ data: { title: o.title, description: o.description } }),
  ),
  /** Resolves to the binary: Buffer in Node, ArrayBuffer in browsers. */
  downloadProductFirmware: def<Version, Binary>(
    'get',
    (o) => inProduct(o, `/firmware/${o.version}/binary`),
    binary,
  ),
  /** Resolves to the backup archive: Buffer in Node, ArrayBuffer in browsers. */
  downloadManufacturingBackup: def<BaseOptions & { deviceId: string }, Binary>(
    'put',
    (o) => `/v1/devices/${o.deviceId}/backup_files`,
    binary,
  ),
  releaseProductFirmware: def(
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
  ),
  listTeamMembers: def('get', (o: P) => inProduct(o, '/team')),
  inviteTeamMember: def(
    'post',
    (o: P & { username: string }) => inProduct(o, '/team'),
    (o) => ({ data: { username: o.username } }),
  ),
  removeTeamMember: def('delete', (o: P & { username: string }) => inProduct(o, `/team/${o.username}`)),
  lookupSerialNumber: def(
    'get',
    (o: BaseOptions & { serialNumber: string }) => `/v1/serial_numbers/${o.serialNumber}`,
  ),
  getProductConfiguration: def('get', (o: P) => inProduct(o, '/config')),
  getProductConfigurationSchema: def('get', (o: P) => inProduct(o, '/config'), schema),
  getProductDeviceConfiguration: def('get', (o: Dev) => inProduct(o, `/config/${o.deviceId}`)),
  getProductDeviceConfigurationSchema: def('get', (o: Dev) => inProduct(o, `/config/${o.deviceId}`), schema),
  setProductConfiguration: def(
    'put',
    (o: P & { config: Record<string, unknown> }) => inProduct(o, '/config'),
    (o) => ({ data: o.config }),
  ),
  setProductDeviceConfiguration: def(
    'put',
    (o: Dev & { config: Record<string, unknown> }) => inProduct(o, `/config/${o.deviceId}`),
    (o) => ({ data: o.config }),
  ),
  getProductLocations: def(
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
  ),
  getProductDeviceLocations: def(
    'get',
    (o: Locations & { deviceId: string }) => inProduct(o, `/locations/${o.deviceId}`),
    (o) => ({ query: locations(o) }),
  ),
};
