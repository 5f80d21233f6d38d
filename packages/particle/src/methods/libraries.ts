import type { ParticleBase } from '../base.js';
import { uploadRequest } from '../multipart.js';
import type { BaseOptions, FileInput, UploadOptions } from '../types.js';

const asList = (v: string | string[] | undefined) => (Array.isArray(v) ? v.join(',') : v);

export function listBuildTargets(
  this: ParticleBase,
  { onlyFeatured, auth, headers, context }: BaseOptions & { onlyFeatured?: boolean } = {},
) {
  const query = onlyFeatured ? { featured: !!onlyFeatured } : undefined;
  return this.get({ uri: '/v1/build_targets', auth, headers, query, context });
}

export function listLibraries(
  this: ParticleBase,
  {
    page,
    limit,
    filter,
    sort,
    architectures,
    category,
    scope,
    excludeScopes,
    auth,
    headers,
    context,
  }: BaseOptions & {
    page?: number;
    limit?: number;
    filter?: string;
    sort?: string;
    architectures?: string | string[];
    category?: string;
    scope?: string;
    excludeScopes?: string | string[];
  } = {},
) {
  const query = {
    page,
    filter,
    limit,
    sort,
    architectures: asList(architectures),
    category,
    scope,
    excludeScopes: asList(excludeScopes),
  };
  return this.get({ uri: '/v1/libraries', auth, headers, query, context });
}

export function getLibrary(
  this: ParticleBase,
  { name, version, auth, headers, context }: BaseOptions & { name: string; version?: string },
) {
  return this.get({ uri: `/v1/libraries/${name}`, auth, headers, query: { version }, context });
}

export function getLibraryVersions(
  this: ParticleBase,
  {
    name,
    page,
    limit,
    auth,
    headers,
    context,
  }: BaseOptions & { name: string; page?: number; limit?: number },
) {
  return this.get({
    uri: `/v1/libraries/${name}/versions`,
    auth,
    headers,
    query: { page, limit },
    context,
  });
}

export function contributeLibrary(
  this: ParticleBase,
  { archive, onProgress, auth, headers, context }: BaseOptions & UploadOptions & { archive: FileInput },
) {
  const files = { 'archive.tar.gz': archive };
  return uploadRequest(this, {
    uri: '/v1/libraries',
    method: 'post',
    auth,
    headers,
    files,
    context,
    onProgress,
  });
}

export function publishLibrary(
  this: ParticleBase,
  { name, auth, headers, context }: BaseOptions & { name: string },
) {
  return this.request({
    uri: `/v1/libraries/${name}`,
    method: 'patch',
    auth,
    headers,
    data: { visibility: 'public' },
    context,
  });
}

export function deleteLibrary(
  this: ParticleBase,
  { name, force, auth, headers, context }: BaseOptions & { name: string; force?: boolean },
) {
  return this.delete({ uri: `/v1/libraries/${name}`, auth, headers, data: { force }, context });
}

/** Resolves to the bytes at `uri` (absolute URL or API path): Buffer in Node, ArrayBuffer in browsers. */
export function downloadFile(
  this: ParticleBase,
  { uri, headers, context }: Omit<BaseOptions, 'auth'> & { uri: string },
): Promise<Uint8Array | ArrayBuffer> {
  return this.request({ uri, method: 'get', headers, context, isBuffer: true }) as unknown as Promise<
    Uint8Array | ArrayBuffer
  >;
}

/** Firmware libraries, build targets and raw file downloads. */
export const libraryMethods = {
  listBuildTargets,
  listLibraries,
  getLibrary,
  getLibraryVersions,
  contributeLibrary,
  publishLibrary,
  deleteLibrary,
  downloadFile,
};
