import type { ServerResponse } from 'node:http';
import type { GripHandler, GripOptions } from '@faas-grip/core';
import { errorResponse, handleRequest, pendingWork } from '@faas-grip/core/adapter';
import { writeResponse } from '@faas-grip/node/bridge';
import { type FrameworkRequest, frameworkRequest } from './request.js';

export interface HandleOptions<Env> extends GripOptions {
  /** Configuration for `ctx.env` (default `process.env`, where Cloud Run puts the function's variables). */
  env?: Env;
}

/** An HTTP function as `functions.http(name, fn)` takes it (Express's `req` and `res`). */
export type HttpFunction = (req: FrameworkRequest, res: ServerResponse) => Promise<void>;

/**
 * Turns a handler into a Cloud Run function (Functions Framework HTTP function):
 *
 * ```ts
 * import * as functions from '@google-cloud/functions-framework';
 * functions.http('chat', handle(chat));
 * ```
 *
 * Work handed to `ctx.waitUntil` is finished before the response is sent:
 * Cloud Run allocates CPU to an instance only while a request is in flight
 * (unless instance-based billing is on), so work left after the response
 * would crawl or stop.
 */
export function handle<Env = NodeJS.ProcessEnv>(
  handler: GripHandler<Env>,
  options: HandleOptions<Env> = {},
): HttpFunction {
  const env = (options.env ?? process.env) as Env;
  return async (req, res) => {
    const work = pendingWork();
    let response: Response;
    try {
      response = await handleRequest(
        handler,
        frameworkRequest(req, res),
        { env, waitUntil: work.add },
        options,
      );
    } catch (error) {
      // Only a request that cannot become a Request gets here (a 400); handleRequest answers its own errors.
      response = errorResponse(error);
    }
    await work.settle();
    await writeResponse(res, response);
  };
}
