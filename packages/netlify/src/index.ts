export type { NetlifyContext } from './context.js';
export { type HandleOptions, handle, type NetlifyHandler } from './handle.js';
