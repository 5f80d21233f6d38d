/**
 * The contract between the code generator (@skyport/codegen), the generated operations in src/generated/,
 * and the hand-written runtime (modern client, compat layer, CLI). Generated code only references these
 * types; all behaviour (URL building, serialisation, auth, retries) lives in the runtime.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';
export type ParamLocation = 'path' | 'query' | 'header' | 'body' | 'formData';
export type CollectionFormat = 'csv' | 'ssv' | 'tsv' | 'pipes' | 'multi';
export type ParamType = 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object' | 'file';

export interface ParamDescriptor {
  /** Name on the wire (the spec's `name`), e.g. `If-Match` or `supportedContent.id`. */
  readonly name: string;
  /** Option key callers use (`x-sdk-param-name`, else a safe identifier), e.g. `ifMatch`, `supportedContentId`. */
  readonly key: string;
  readonly in: ParamLocation;
  readonly required?: boolean;
  readonly type?: ParamType;
  /** Item type when `type` is `array`. */
  readonly items?: ParamType;
  readonly enum?: readonly string[];
  readonly format?: string;
  readonly collectionFormat?: CollectionFormat;
}

/** How a list operation pages, so generic paginators know which knobs to turn. */
export type PagingStyle = 'pageNumber' | 'nextUri' | 'cursor' | 'after';

export interface OperationDescriptor {
  /** operationId, which is also the SDK method name (`getUsersMe`). */
  readonly id: string;
  readonly method: HttpMethod;
  /** Path template with `{name}` placeholders using wire names, e.g. `/api/v2/users/{userId}`. */
  readonly path: string;
  /** API classes (tags) the operation belongs to. */
  readonly tags: readonly string[];
  /** Parameters in SDK signature order: required positional ones first, then optional ones. */
  readonly params: readonly ParamDescriptor[];
  readonly consumes?: readonly string[];
  readonly produces?: readonly string[];
  /** `none` for 204/void operations, `binary` for file downloads. */
  readonly responseType: 'json' | 'text' | 'binary' | 'none';
  /** Name of the response model or type as written in the SDK (`UserMe`, `string`, `{ [key: string]: object; }`). */
  readonly responseModel?: string;
  readonly deprecated?: boolean;
  readonly preview?: boolean;
  readonly paging?: PagingStyle;
}

/** Per-call settings that are not API parameters. */
export interface CallOptions {
  readonly signal?: AbortSignal;
  /** Milliseconds for this call, overriding the client's timeout. */
  readonly timeout?: number;
  readonly headers?: Record<string, string>;
}

/** Anything that can execute an operation: the modern client and the compat ApiClient both implement it. */
export interface OperationInvoker {
  call<T>(operation: OperationDescriptor, args: object | undefined, options?: CallOptions): Promise<T>;
}

let defaultInvokerFactory: (() => OperationInvoker) | undefined;

/** The compat layer registers `ApiClient.instance` here so `new UsersApi()` works without arguments. */
export function registerDefaultInvoker(factory: () => OperationInvoker): void {
  defaultInvokerFactory = factory;
}

export function defaultInvoker(): OperationInvoker {
  if (!defaultInvokerFactory) {
    throw new Error(
      'No default ApiClient: import the API classes from @skyport/genesys-cloud/compat, or pass a client to the constructor',
    );
  }
  return defaultInvokerFactory();
}
