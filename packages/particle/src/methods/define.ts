// Most Particle methods are one request shaped by their options: a verb, a URI and maybe a body or query.
// `def` turns that shape into a method, so each costs a few dozen bytes in a bundle.
import { type ParticleBase, SEND } from '../base.js';
import type { MultipartEncoder } from '../multipart.js';
import type { BaseOptions, JSONResponse, RequestArgs } from '../types.js';

/** What download methods resolve to: a Buffer in Node, an ArrayBuffer in browsers. */
export type Binary = Uint8Array | ArrayBuffer;

type Rest = Omit<RequestArgs, 'method' | 'uri' | 'auth' | 'context'>;

/**
 * A method sending `method` to `uri(options)` with `rest(options)` (data, form, query, headers…); methods
 * that upload pass `multipart` (multipart.ts) so they work on any client class.
 */
export function def<O extends BaseOptions, R = JSONResponse>(
  method: string,
  uri: (o: O) => string,
  rest?: (o: O) => Rest,
  multipart?: MultipartEncoder,
) {
  return function (this: ParticleBase, o: O = {} as O): Promise<R> {
    const args = { method, uri: uri(o), auth: o.auth, headers: o.headers, context: o.context, ...rest?.(o) };
    return (multipart ? this[SEND](method, args, multipart) : this.request(args)) as Promise<R>;
  };
}

/** `/v1/products/<product><path>`. */
export const inProduct = (o: { product?: string | number }, path = ''): string =>
  `/v1/products/${o.product}${path}`;

/** A product's resource when `product` is given, else the user's: `/v1[/products/<product>]<path>`. */
export const maybeProduct = (o: { product?: string | number }, path: string): string =>
  o.product ? inProduct(o, path) : `/v1${path}`;
