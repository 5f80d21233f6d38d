// @skyport/genesys-cloud: the Genesys Cloud Platform API over @skyport/core.
export type {
  CallOptions,
  CollectionFormat,
  HttpMethod,
  OperationDescriptor,
  OperationInvoker,
  PagingStyle,
  ParamDescriptor,
  ParamLocation,
  ParamType,
} from './runtime/descriptor';
export { defaultInvoker, registerDefaultInvoker } from './runtime/descriptor';
export { paramValue, toRequestOptions, unknownOptions } from './runtime/request';
