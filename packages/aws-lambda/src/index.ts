export type { LambdaHttpEvent } from './event-kind.js';
export { type HandleOptions, handle, type LambdaHttpHandler, type LambdaHttpResult } from './handle.js';
