// Request body serialisation: JSON, form-urlencoded, multipart, text, binary, raw.
import { ValidationError } from '../errors/index.js';
import { isStreamLike, type TransportBody } from '../transport/types.js';
import { buildMultipart } from './multipart.js';
import { rawBody } from './raw-body.js';

export type BodyType = 'json' | 'form' | 'multipart' | 'text' | 'binary' | 'raw';

export interface FilePart {
  /** A file path (Node), bytes, a Blob, or a stream. */
  data: string | Uint8Array | Blob | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;
  filename?: string;
  contentType?: string;
}

export type MultipartValue = string | number | boolean | FilePart | Uint8Array | Blob;
export type MultipartBody = Record<string, MultipartValue | MultipartValue[] | undefined | null>;

/** Platform hook: turns a file path into a Blob (Node reads the file; browsers cannot). */
export type PathToBlob = (path: string, contentType?: string) => Promise<Blob>;

export interface SerializedBody {
  body: TransportBody | undefined;
  contentType?: string;
  /** False for one-shot streams: such requests are never retried. */
  replayable: boolean;
}

export function formEncode(body: unknown): string {
  if (typeof body === 'string') return body;
  if (body instanceof URLSearchParams) return body.toString();
  if (typeof body !== 'object' || body === null) throw new ValidationError('form body must be an object');
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    if (v === undefined || v === null) continue;
    for (const item of Array.isArray(v) ? v : [v]) {
      if (item instanceof Date) params.append(k, item.toISOString());
      else if (typeof item === 'object' && item !== null) {
        throw new ValidationError(`form field "${k}" must be a string, number or boolean, not an object`);
      } else params.append(k, String(item));
    }
  }
  return params.toString();
}

/** A JSON or form-urlencoded body: the two every client needs (operation bodies and token requests). */
function jsonOrForm(body: unknown, type: 'json' | 'form'): SerializedBody {
  if (type === 'form') {
    return { body: formEncode(body), contentType: 'application/x-www-form-urlencoded', replayable: true };
  }
  let text: string | undefined;
  try {
    text = JSON.stringify(body);
  } catch (cause) {
    throw new ValidationError('request body cannot be serialised as JSON', { cause });
  }
  return { body: text, contentType: 'application/json', replayable: true };
}

/**
 * JSON and form bodies only: the serializer of a lean client (the modular Genesys client in browsers), whose
 * operations send JSON and whose token requests send forms. Without a bodyType, plain objects, arrays and
 * non-string primitives are JSON; strings and other objects (bytes, Blobs, FormData, streams, class instances) are
 * refused with a ValidationError, as are other body types: those need serializeSimpleBody (the bodies stage).
 */
export async function serializeJsonBody(
  body: unknown,
  bodyType: BodyType | undefined,
): Promise<SerializedBody> {
  if (body === undefined) return { body: undefined, replayable: true };
  const proto = typeof body === 'object' && body !== null && Object.getPrototypeOf(body);
  const type =
    bodyType ??
    (typeof body !== 'string' && (!proto || proto === Object.prototype || Array.isArray(body))
      ? 'json'
      : undefined);
  if (type === 'json' || type === 'form') return jsonOrForm(body, type);
  throw new ValidationError(
    `request body: ${type ? `bodyType '${type}'` : 'a string or a non-plain object'} needs the bodies stage (or bodyType 'json')`,
  );
}

/**
 * JSON, form, text and binary/raw bodies; a multipart body must already be a FormData. The serializer of clients
 * that want no multipart encoder in their bundle (serializeBody builds FormData from an object of fields).
 */
export async function serializeSimpleBody(
  body: unknown,
  bodyType: BodyType | undefined,
): Promise<SerializedBody> {
  if (body === undefined) return { body: undefined, replayable: true };
  const type = bodyType ?? inferBodyType(body);
  switch (type) {
    case 'json':
    case 'form':
      return jsonOrForm(body, type);
    case 'multipart':
      // FormData sets its own content-type with the boundary.
      if (typeof FormData !== 'undefined' && body instanceof FormData) return { body, replayable: true };
      throw new ValidationError(
        'this client takes multipart bodies as FormData (core serializeBody also encodes objects)',
      );
    case 'text':
      return { body: String(body), contentType: 'text/plain; charset=utf-8', replayable: true };
    case 'binary':
    case 'raw': {
      // The wire forms as they are (ArrayBuffer and Blob read into bytes); FormData brings its own type.
      const out = await rawBody(body, `a ${type} body must be a string, bytes, a Blob or a stream`);
      const ct =
        (typeof Blob !== 'undefined' && body instanceof Blob && body.type) ||
        (type === 'binary' ? 'application/octet-stream' : undefined);
      if (ct && !(typeof FormData !== 'undefined' && body instanceof FormData)) out.contentType = ct;
      return out;
    }
    default:
      throw new ValidationError(`unknown bodyType ${JSON.stringify(type)}`);
  }
}

/** Every body type: JSON, form, multipart (FormData, or an object of fields and files), text, binary/raw. */
export async function serializeBody(
  body: unknown,
  bodyType: BodyType | undefined,
  pathToBlob: PathToBlob | undefined,
): Promise<SerializedBody> {
  if (body !== undefined && (bodyType ?? inferBodyType(body)) === 'multipart') {
    return { body: await buildMultipart(body, pathToBlob), replayable: true };
  }
  return serializeSimpleBody(body, bodyType);
}

function inferBodyType(body: unknown): BodyType {
  if (typeof body === 'string') return 'text';
  if (body instanceof Uint8Array || body instanceof ArrayBuffer) return 'binary';
  if (typeof FormData !== 'undefined' && body instanceof FormData) return 'multipart';
  if (typeof Blob !== 'undefined' && body instanceof Blob) return 'binary';
  if (body instanceof URLSearchParams) return 'form';
  if (isStreamLike(body)) return 'binary';
  return 'json';
}
