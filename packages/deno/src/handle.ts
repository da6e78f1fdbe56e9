import type { GripEnv, GripHandler, GripOptions } from '@faas-grip/core';
import { handleRequest, type PendingWork, pendingWork } from '@faas-grip/core/adapter';
import { denoNamespace } from './deno-namespace.js';
import { denoEnv } from './env.js';

/** Options for {@link handle}: the common ones, and where `ctx.env` comes from. */
export interface HandleOptions<Env> extends GripOptions {
  /**
   * Configuration for `ctx.env` (default: `Deno.env`, read variable by
   * variable as `--allow-env` permits).
   */
  env?: Env;
}

/**
 * A `Deno.serve` handler: the same shape as `Deno.ServeHandler` and as the
 * `fetch` of a module run with `deno serve` or on Deno Deploy.
 */
export type DenoHandler = (request: Request, info?: unknown) => Promise<Response>;

/** `handle` whose `waitUntil` work goes to `work`, for `serve` to wait for at shutdown. */
export function denoHandler<Env>(
  handler: GripHandler<Env>,
  options: HandleOptions<Env>,
  work: PendingWork,
): DenoHandler {
  const env = options.env ?? (denoEnv(denoNamespace('handle() without an env option')) as Env);
  // Deno has no waitUntil: the process outlives the response, so the work
  // runs on; serve().close() waits for it.
  const platform = { env, waitUntil: work.add };
  return (request) => handleRequest(handler, request, platform, options);
}

/**
 * Turns a handler into a Deno HTTP handler: `Deno.serve(handle(app))`, or
 * `export default { fetch: handle(app) }` for `deno serve` and Deno Deploy.
 * `ctx.waitUntil` work keeps running after the response, in the same
 * process.
 */
export function handle<Env = GripEnv>(
  handler: GripHandler<Env>,
  options: HandleOptions<Env> = {},
): DenoHandler {
  return denoHandler(handler, options, pendingWork());
}
