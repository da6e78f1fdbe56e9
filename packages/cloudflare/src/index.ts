export { type HandleOptions, handle, type WorkerHandler } from './handle.js';
