import { fileURLToPath } from 'node:url';
import { startFunction } from '@faas-grip/test-support/vercel';
import type { OriginEntry } from './types.js';

const workPath = fileURLToPath(new URL('.', import.meta.url));

/**
 * `vercel-function.ts` on Vercel's Node.js runtime, served by `@vercel/node`'s
 * own dev server (what `vercel dev` runs): a child process that loads the
 * function file, takes its default export as a Web handler and passes the
 * runtime's `waitUntil`. `env` is the function's environment.
 */
export const vercelNodeEntry: OriginEntry = {
  name: 'vercel-node',
  start: (env) => startFunction('vercel-function.ts', env, workPath),
};
