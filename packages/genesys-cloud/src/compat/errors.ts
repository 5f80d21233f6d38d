// Rejections of compat calls in the shape the official SDK documents (seed 001 "Error Responses").
import type { HttpResponse } from './http';

/**
 * A failed API call: `{ status, statusText, headers, body, text, error }` like the official SDK's extended error
 * response, where `body` is the parsed error body the server sent and `error` the underlying Error. It is also an
 * Error itself, whose `message` and `code` come from the Genesys error body, so code written against the
 * official package's body-only rejections (`err.message`, `err.code`) keeps working.
 */
export class ErrorResponse extends Error {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  body: unknown;
  text: string | undefined;
  error: Error;
  declare code: string | undefined;

  constructor(response: HttpResponse, error: Error) {
    const body = response.data;
    const fromBody =
      body && typeof body === 'object' ? (body as { message?: unknown; code?: unknown }) : undefined;
    super(
      typeof fromBody?.message === 'string'
        ? fromBody.message
        : `${response.status} ${response.statusText || 'error'}`.trim(),
    );
    this.status = response.status;
    this.statusText = response.statusText;
    this.headers = response.headers;
    this.body = body;
    this.text = response.text;
    this.error = error;
    // Not enumerable: the object keeps exactly the documented keys when logged or serialised.
    Object.defineProperty(this, 'code', {
      value: typeof fromBody?.code === 'string' ? fromBody.code : undefined,
      enumerable: false,
      writable: true,
    });
    Object.defineProperty(this, 'name', { value: 'ErrorResponse', enumerable: false, writable: true });
    // The other fields of a Genesys error body (contextId, details, errors, messageParams) are readable on the
    // error too, as on the official package's body-only rejection; not enumerable, so the shape stays as documented.
    if (fromBody) {
      for (const [key, value] of Object.entries(fromBody)) {
        if (!(key in this)) Object.defineProperty(this, key, { value, enumerable: false, writable: true });
      }
    }
  }
}

/** Seed 000 (legacy PureCloudSession) error shape: `{ statusCode, headers, body }`. */
export class LegacyErrorResponse extends Error {
  statusCode: number;
  headers: Record<string, string>;
  body: unknown;

  constructor(response: HttpResponse, error: Error) {
    const body = response.data;
    const message =
      body && typeof body === 'object' && typeof (body as { message?: unknown }).message === 'string'
        ? (body as { message: string }).message
        : `${response.status} ${response.statusText}`.trim();
    super(message, { cause: error });
    this.statusCode = response.status;
    this.headers = response.headers;
    this.body = body;
    Object.defineProperty(this, 'name', { value: 'LegacyErrorResponse', enumerable: false, writable: true });
  }
}
