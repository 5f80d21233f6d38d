/** The internal model every input format is normalised into before anything is emitted. */

/** A JSON Schema fragment in Swagger 2.0 style; references always point at `#/definitions/<Name>`. */
export type Schema = {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  nullable?: boolean;
  [key: string]: unknown;
};

export type ParamIn = 'path' | 'query' | 'header' | 'body' | 'formData';

export interface ApiParam {
  /** Wire name. */
  name: string;
  /** Option key: `x-sdk-param-name`, else a safe identifier derived from the wire name; `body` for the body. */
  key: string;
  in: ParamIn;
  required: boolean;
  schema: Schema;
  collectionFormat?: 'csv' | 'ssv' | 'tsv' | 'pipes' | 'multi';
}

export interface ApiOperation {
  /** Unique SDK method name (operationId / x-purecloud-method-name, de-duplicated). */
  id: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';
  path: string;
  /** Tags in spec order; the first one owns the operation's declarations. */
  tags: string[];
  /** Required parameters first (spec order), then optional ones (spec order). */
  params: ApiParam[];
  /** Success responses by status code; `null` when the response has no body. */
  responses: Record<string, Schema | null>;
  consumes: string[];
  produces: string[];
  deprecated: boolean;
  preview: boolean;
}

export interface ApiModel {
  definitions: Record<string, Schema>;
  operations: ApiOperation[];
  /** Every tag used by an operation, sorted. */
  tags: string[];
}
