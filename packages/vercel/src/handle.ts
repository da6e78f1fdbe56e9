import type { GripEnv, GripHandler, GripOptions } from '@faas-grip/core';
import { handleRequest } from '@faas-grip/core/adapter';
import { type VercelContext, waitUntilFor } from './context.js';
import { processEnv } from './env.js';

export interface HandleOptions<Env> extends GripOptions {
  /** Configuration for `ctx.env` (default `process.env`). */
  env?: Env;
}

/** A Web handler as Vercel calls it. */
export type VercelWebHandler = (request: Request, context?: VercelContext) => Promise<Response>;

/**
 * What {@link handle} returns. It is itself a Web handler, so the Edge
 * runtime takes it as a default export; its `fetch` makes the Node.js runtime
 * take it as a Web handler (not a legacy `(req, res)` one); and the method
 * members can be destructured into Next.js route handler exports.
 */
export interface VercelHandler extends VercelWebHandler {
  fetch: VercelWebHandler;
  GET: VercelWebHandler;
  HEAD: VercelWebHandler;
  OPTIONS: VercelWebHandler;
  POST: VercelWebHandler;
  PUT: VercelWebHandler;
  PATCH: VercelWebHandler;
  DELETE: VercelWebHandler;
}

/**
 * Turns a handler into a Vercel Function, for either runtime:
 *
 * ```ts
 * export default handle(app);               // api/*.ts, Node.js or Edge
 * export const { GET, POST } = handle(app); // method exports, Next.js route handlers
 * ```
 */
export function handle<Env = GripEnv>(
  handler: GripHandler<Env>,
  options: HandleOptions<Env> = {},
): VercelHandler {
  const run: VercelWebHandler = (request, context) => {
    // Read per request: the handler may be created before Vercel fills process.env.
    const env = options.env ?? (processEnv() as Env);
    return handleRequest(handler, request, { env, waitUntil: waitUntilFor(context) }, options);
  };
  const callable: VercelWebHandler = (request, context) => run(request, context);
  return Object.assign(callable, {
    fetch: run,
    GET: run,
    HEAD: run,
    OPTIONS: run,
    POST: run,
    PUT: run,
    PATCH: run,
    DELETE: run,
  });
}
