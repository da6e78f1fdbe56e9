export type { VercelContext } from './context.js';
export { type HandleOptions, handle, type VercelHandler, type VercelWebHandler } from './handle.js';
