import type { GripEnv, GripHandler, GripOptions } from '@faas-grip/core';
import { handleRequest, type PendingWork, pendingWork } from '@faas-grip/core/adapter';
import { bunNamespace } from './bun-namespace.js';

/** Options for {@link handle}: the common ones, and where `ctx.env` comes from. */
export interface HandleOptions<Env> extends GripOptions {
  /** Configuration for `ctx.env` (default `Bun.env`, which is `process.env`). */
  env?: Env;
}

/**
 * A `Bun.serve` fetch handler: the shape of its `fetch` option and of the
 * `fetch` of a module's default export that `bun run` serves.
 */
export type BunHandler = (request: Request, server?: unknown) => Promise<Response>;

/** `handle` whose `waitUntil` work goes to `work`, for `serve` to wait for at shutdown. */
export function bunHandler<Env>(
  handler: GripHandler<Env>,
  options: HandleOptions<Env>,
  work: PendingWork,
): BunHandler {
  const env = options.env ?? (bunNamespace('handle() without an env option').env as Env);
  // Bun has no waitUntil: the process outlives the response, so the work
  // runs on; serve().close() waits for it.
  const platform = { env, waitUntil: work.add };
  return (request) => handleRequest(handler, request, platform, options);
}

/**
 * Turns a handler into a Bun fetch handler: `Bun.serve({ fetch: handle(app) })`,
 * or `export default { fetch: handle(app) }`. `ctx.waitUntil` work keeps
 * running after the response, in the same process.
 */
export function handle<Env = GripEnv>(
  handler: GripHandler<Env>,
  options: HandleOptions<Env> = {},
): BunHandler {
  return bunHandler(handler, options, pendingWork());
}
