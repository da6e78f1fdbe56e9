export { type BunHandler, type HandleOptions, handle } from './handle.js';
export { type ServeOptions, type Server, serve } from './serve.js';
