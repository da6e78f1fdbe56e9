import type {
  ExecutionContext,
  ExportedHandler,
  Request as WorkerRequest,
  Response as WorkerResponse,
} from '@cloudflare/workers-types';
import type { GripEnv, GripHandler, GripOptions } from '@faas-grip/core';
import { handleRequest } from '@faas-grip/core/adapter';

/** Options for {@link handle}: the ones every faas-grip adapter takes. */
export type HandleOptions = GripOptions;

/** A Workers module handler whose `fetch` is always present, so tests can call it directly. */
export type WorkerHandler<Env> = ExportedHandler<Env> & {
  fetch(request: WorkerRequest, env: Env, ctx: ExecutionContext): Promise<WorkerResponse>;
};

/**
 * Turns a handler into a Workers module handler, to `export default` from the
 * Worker's entry. `GRIP_URL`, `GRIP_VERIFY_KEY`, `GRIP_VERIFY_ISS` and
 * `GRIP_PREFIX` are read from the Worker's bindings and secrets, which the
 * handler also sees, typed, as `ctx.env`; `ctx.waitUntil` is the Worker's, so
 * work handed to it (a publish) may finish after the response.
 */
export function handle<Env = GripEnv>(
  handler: GripHandler<Env>,
  options: HandleOptions = {},
): WorkerHandler<Env> {
  return {
    fetch(request, env, ctx) {
      // Called through ctx: not every ExecutionContext's waitUntil works detached
      // (the one the Workers test pool creates throws "Illegal invocation").
      const waitUntil = (promise: Promise<unknown>): void => ctx.waitUntil(promise);
      return handleRequest(handler, request, { env, waitUntil }, options);
    },
  };
}
