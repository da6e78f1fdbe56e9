import type { GripContext, GripEnv, GripHandler, GripOptions } from '@faas-grip/core';
import { handleRequest } from '@faas-grip/core/adapter';
import type { Context } from 'hono';
import { type EnvSource, envFor } from './env.js';
import type { GripHonoEnv } from './variables.js';
import { requestWork } from './wait-until.js';

export interface GripHandlerOptions extends GripOptions {
  /** Where the configuration is read from (default: `c.env` on Workers, `process.env` elsewhere). */
  env?: EnvSource;
}

/**
 * Mounts a plain {@link GripHandler} as a Hono route:
 * `app.all('/chat', gripHandler(chat))`. Behind {@link grip} it reuses that
 * middleware's context (its options apply); on its own it does the same work
 * itself with `options`.
 */
export function gripHandler<Env = GripEnv>(
  handler: GripHandler<Env>,
  options: GripHandlerOptions = {},
): (c: Context) => Promise<Response> {
  return async (c) => {
    const ctx = c.get('grip') as GripContext<GripHonoEnv> | undefined;
    // The env is whatever the runtime holds; Env is the handler's claim about it.
    if (ctx !== undefined) return handler(c.req.raw, ctx as GripContext<unknown> as GripContext<Env>);
    const env = envFor(c, options.env) as Env;
    const work = requestWork(c);
    const response = await handleRequest(handler, c.req.raw, { env, waitUntil: work.waitUntil }, options);
    await work.settle();
    return response;
  };
}
