import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GripHandler, GripOptions } from '@faas-grip/core';
import { errorResponse, handleRequest, type PendingWork, pendingWork } from '@faas-grip/core/adapter';
import { nodeRequest } from './request.js';
import { writeResponse } from './response.js';

export interface HandleOptions<Env> extends GripOptions {
  /** Configuration for `ctx.env` (default `process.env`). */
  env?: Env;
}

/** `handle` with the host to assume for a request without a Host header (HTTP/1.0). */
export function listener<Env>(
  handler: GripHandler<Env>,
  options: HandleOptions<Env>,
  work: PendingWork,
  defaultHost?: string,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const env = (options.env ?? process.env) as Env;
  const platform = { env, waitUntil: work.add };
  const requestOptions = defaultHost === undefined ? {} : { defaultHost };
  return async (req, res) => {
    let response: Response;
    try {
      response = await handleRequest(handler, nodeRequest(req, res, requestOptions), platform, options);
    } catch (error) {
      // Only a request that cannot become a Request gets here (a 400); handleRequest answers its own errors.
      response = errorResponse(error);
    }
    try {
      await writeResponse(res, response);
    } catch (error) {
      res.destroy(error instanceof Error ? error : undefined);
    }
  };
}

/**
 * A `(req, res)` listener for `http.createServer`, Express or any Node server
 * that takes one.
 */
export function handle<Env = NodeJS.ProcessEnv>(
  handler: GripHandler<Env>,
  options: HandleOptions<Env> = {},
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return listener(handler, options, pendingWork());
}
