import type { GripEnv, GripHandler, GripOptions } from '@faas-grip/core';
import { handleRequest, pendingWork } from '@faas-grip/core/adapter';
import type { NetlifyContext } from './context.js';
import { netlifyEnv } from './env.js';

export interface HandleOptions<Env> extends GripOptions {
  /** Configuration for `ctx.env` (default `Netlify.env`, else `process.env`). */
  env?: Env;
}

/** A Netlify Function (v2) or Edge Function: `(request, context) => Response`. */
export type NetlifyHandler = (request: Request, context?: NetlifyContext) => Promise<Response>;

/**
 * Turns a handler into a Netlify Function or Edge Function, to
 * `export default` from `netlify/functions/*.ts` or
 * `netlify/edge-functions/*.ts`:
 *
 * ```ts
 * export default handle(app);
 * export const config = { path: '/*' };
 * ```
 *
 * `ctx.waitUntil` is the context's. A context without one (an older
 * runtime, a test) gets the work awaited before the response is returned,
 * since nothing promises the invocation outlives it.
 */
export function handle<Env = GripEnv>(
  handler: GripHandler<Env>,
  options: HandleOptions<Env> = {},
): NetlifyHandler {
  return async (request, context) => {
    const env = options.env ?? (netlifyEnv() as Env);
    const own = context?.waitUntil;
    if (typeof own === 'function') {
      const waitUntil = (promise: Promise<unknown>): void => own.call(context, promise);
      return handleRequest(handler, request, { env, waitUntil }, options);
    }
    const work = pendingWork();
    try {
      return await handleRequest(handler, request, { env, waitUntil: work.add }, options);
    } finally {
      await work.settle();
    }
  };
}
