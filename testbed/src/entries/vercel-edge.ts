import { devRuntimeEntry } from './dev-runtime.js';

/**
 * The app as a Vercel Edge Function: bundled for the `edge-light` condition,
 * wrapped in `@vercel/node`'s Edge handler template (which passes
 * `waitUntil`), run in the `edge-runtime` VM with only `process.env` from Node.
 */
export const vercelEdgeEntry = devRuntimeEntry('vercel-edge');
