export type { GeneratedFiles, GenerateOptions, GenerateResult } from './generate';
export { emitAll, generate, loadModel, README_MARKER, writeFolder } from './generate';
export { CodegenError, loadDocument, parseDocument } from './load';
export type { ApiModel, ApiOperation, ApiParam, ParamIn, Schema } from './model';
export { apiClassName, camelCase, safeIdentifier, tagFileName, typeName } from './naming';
export { normalise } from './normalise';
export type { PagingStyle } from './paging';
export { detectPaging } from './paging';
