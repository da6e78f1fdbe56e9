// Needs @vercel/node: Vercel Functions served as `vercel dev` serves them.
export { type RunningFunction, startFunction } from './vercel-dev-server.js';
