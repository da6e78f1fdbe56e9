export { type HandleOptions, type HttpFunction, handle } from './handle.js';
export type { FrameworkRequest } from './request.js';
