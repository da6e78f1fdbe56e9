import type { IncomingMessage, ServerResponse } from 'node:http';
import { type GripHandler, type GripOptions, handleRequest, pendingWork } from '@faas-grip/core';
import { getRequestListener } from '@hono/node-server';

export interface HandleOptions<Env> extends GripOptions {
  /** Configuration for `ctx.env` (default `process.env`). */
  env?: Env;
}

/**
 * A `(req, res)` listener for `http.createServer`, Express or any Node server
 * that takes one.
 */
export function handle<Env = NodeJS.ProcessEnv>(
  handler: GripHandler<Env>,
  options: HandleOptions<Env> = {},
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const env = (options.env ?? process.env) as Env;
  const work = pendingWork();
  return getRequestListener(
    (request: Request) => handleRequest(handler, request, { env, waitUntil: work.add }, options),
    // Leave the process's own Request/Response alone: other code may rely on them.
    { overrideGlobalObjects: false },
  );
}
