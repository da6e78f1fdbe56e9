export { type AzureHttpHandler, type HandleOptions, handle } from './handle.js';
export type {
  AzureCookie,
  AzureHttpRequest,
  AzureHttpResponseInit,
  AzureInvocationContext,
} from './types.js';
