// Turns an operation descriptor and a caller's options object into @skyport/core RequestOptions.
// Shared by the modern client, the compat ApiClient and the CLI, so every entry point builds the same request.
import {
  type BodyType,
  type CollectionFormat,
  joinParam,
  type MultipartBody,
  paramString,
  type RequestOptions,
  ValidationError,
} from '@skyport/core';
import type { CallOptions, OperationDescriptor, ParamDescriptor } from './descriptor';
import { LENIENT_OPTIONS } from './paginate';

/** Keys of the options object that are not API parameters (the compat layer's per-call headers). */
const RESERVED_KEYS = new Set(['customHeaders']);

/** A parameter's value, looked up by option key first, then by wire name. */
export function paramValue(args: Readonly<Record<string, unknown>>, param: ParamDescriptor): unknown {
  const byKey = args[param.key];
  if (byKey !== undefined) return byKey;
  return param.name === param.key ? undefined : args[param.name];
}

function describe(op: OperationDescriptor, param: ParamDescriptor): string {
  const where = param.in === 'body' ? 'body' : `${param.in} parameter "${param.name}"`;
  return param.key === param.name || param.in === 'body'
    ? `${op.id}: ${where}`
    : `${op.id}: ${where} (option "${param.key}")`;
}

function checkType(op: OperationDescriptor, param: ParamDescriptor, value: unknown): void {
  const bad = (expected: string) =>
    new ValidationError(
      `${describe(op, param)} must be ${expected}, got ${JSON.stringify(value) ?? typeof value}`,
    );
  switch (param.type) {
    case 'array':
      if (!Array.isArray(value)) throw bad('an array');
      return;
    case 'integer':
      if (typeof value === 'number' ? !Number.isInteger(value) : !/^-?\d+$/.test(String(value))) {
        throw bad('an integer');
      }
      return;
    case 'number':
      if (typeof value !== 'number' && Number.isNaN(Number(value))) throw bad('a number');
      return;
    case 'boolean':
      if (typeof value !== 'boolean' && value !== 'true' && value !== 'false') throw bad('a boolean');
      return;
    default:
      return;
  }
}

function bodyTypeFor(op: OperationDescriptor, hasFiles: boolean): BodyType {
  const consumes = op.consumes ?? [];
  if (hasFiles || consumes.some((c) => c.startsWith('multipart/form-data'))) return 'multipart';
  if (consumes.some((c) => c.startsWith('application/x-www-form-urlencoded'))) return 'form';
  return 'multipart';
}

/**
 * Builds the request for one call. Every required parameter is checked first, so a missing one fails with a
 * ValidationError naming the operation and the parameter before anything is sent.
 */
export function toRequestOptions(
  op: OperationDescriptor,
  args: object | undefined,
  init?: CallOptions,
): RequestOptions {
  const values = (args ?? {}) as Record<string, unknown>;
  const pathParams: Record<string, string> = {};
  const query: Record<string, unknown> = {};
  const queryFormat: Record<string, CollectionFormat> = {};
  const headers: Record<string, string> = {};
  const form: MultipartBody = {};
  let body: unknown;
  let hasForm = false;
  let hasFiles = false;

  for (const param of op.params) {
    const value = paramValue(values, param);
    if (value === undefined || value === null || (param.in === 'path' && value === '')) {
      if (param.required) throw new ValidationError(`${describe(op, param)} is required`);
      continue;
    }
    checkType(op, param, value);
    switch (param.in) {
      case 'path':
        pathParams[param.name] = paramString(value);
        break;
      case 'query':
        query[param.name] = value;
        // Swagger 2.0: an array without collectionFormat is csv.
        if (Array.isArray(value)) queryFormat[param.name] = param.collectionFormat ?? 'csv';
        break;
      case 'header':
        headers[param.name] = Array.isArray(value)
          ? joinParam(value, param.collectionFormat)
          : paramString(value);
        break;
      case 'body':
        body = value;
        break;
      case 'formData':
        hasForm = true;
        if (param.type === 'file') hasFiles = true;
        form[param.name] = (
          Array.isArray(value) ? joinParam(value, param.collectionFormat) : value
        ) as MultipartBody[string];
        break;
    }
  }

  const request: RequestOptions = {
    method: op.method,
    path: op.path,
    pathParams,
    query,
    queryFormat,
    headers: { ...headers, ...init?.headers },
    responseType: op.responseType === 'binary' ? 'binary' : op.responseType === 'text' ? 'text' : 'auto',
  };
  if (hasForm) {
    request.body = form;
    request.bodyType = bodyTypeFor(op, hasFiles);
  } else if (body !== undefined) {
    request.body = body;
    request.bodyType = 'json';
  }
  if (init?.signal) request.signal = init.signal;
  if (init?.timeout !== undefined) request.timeout = init.timeout;
  return request;
}

/** Option keys and wire names of each operation, built on its first call (descriptors are immutable). */
const knownKeys = new WeakMap<OperationDescriptor, Set<string>>();

/** Option keys the caller passed that match no parameter of the operation (typos, stale names). */
export function unknownOptions(op: OperationDescriptor, args: object | undefined): string[] {
  if (!args) return [];
  let known = knownKeys.get(op);
  if (!known) {
    known = new Set<string>(RESERVED_KEYS);
    for (const p of op.params) {
      known.add(p.key);
      known.add(p.name);
    }
    knownKeys.set(op, known);
  }
  const unknown: string[] = [];
  for (const k in args) if (Object.hasOwn(args, k) && !known.has(k)) unknown.push(k);
  return unknown;
}

/**
 * Fails with a ValidationError naming the option keys that match no parameter of the operation (typos) and the
 * keys it has; options a paginator built from a next-page URL are let through.
 */
export function checkUnknownOptions(op: OperationDescriptor, args: object | undefined): void {
  if ((args as Record<symbol, unknown> | undefined)?.[LENIENT_OPTIONS]) return;
  const unknown = unknownOptions(op, args);
  if (unknown.length > 0) {
    const known = op.params.map((p) => p.key).join(', ') || 'none';
    throw new ValidationError(
      `${op.id}: unknown option${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => JSON.stringify(k)).join(', ')} (parameters: ${known})`,
    );
  }
}
