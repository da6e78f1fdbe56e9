import { type GripEnv, GripError, type GripHandler, type GripOptions } from '@faas-grip/core';
import { errorResponse, handleRequest, pendingWork } from '@faas-grip/core/adapter';
import { azureRequest } from './request.js';
import { responseInit } from './response.js';
import type { AzureHttpRequest, AzureHttpResponseInit, AzureInvocationContext } from './types.js';

export interface HandleOptions<Env> extends GripOptions {
  /** Configuration for `ctx.env` (default `process.env`, where Azure puts the app settings). */
  env?: Env;
}

/** An HTTP handler as `app.http(name, { handler })` takes it. */
export type AzureHttpHandler = (
  request: AzureHttpRequest,
  context: AzureInvocationContext,
) => Promise<AzureHttpResponseInit>;

/**
 * Reports a request the adapter could not turn into a Request, as the
 * handler's own errors are reported: to `onError` when given, else as one
 * console line without a stack, since a request can cause it. `onError` gets
 * a bodiless GET of the request's URL in place of the request that could not
 * be built.
 */
function reportUnreadable(options: GripOptions, error: unknown, request: AzureHttpRequest): void {
  const line = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  try {
    if (options.onError === undefined) {
      console.error('[faas-grip] could not read the Azure request:', line);
      return;
    }
    let stand: Request;
    try {
      stand = new Request(request.url);
    } catch {
      stand = new Request('http://invalid.invalid/');
    }
    options.onError(error, stand);
  } catch {
    console.error('[faas-grip] onError threw while reporting an unreadable Azure request:', line);
  }
}

/**
 * Turns a handler into an Azure Functions (v4 programming model) HTTP handler:
 *
 * ```ts
 * import { app } from '@azure/functions';
 * app.http('chat', {
 *   methods: ['GET', 'POST'],
 *   authLevel: 'anonymous',
 *   route: '{*path}',
 *   handler: handle(chat),
 * });
 * ```
 *
 * Azure has no `waitUntil`: the work handed to `ctx.waitUntil` is finished
 * before the response is returned, as the instance may be frozen after it.
 */
export function handle<Env = GripEnv>(
  handler: GripHandler<Env>,
  options: HandleOptions<Env> = {},
): AzureHttpHandler {
  return async (request) => {
    const env = options.env ?? (process.env as Env);
    const work = pendingWork();
    try {
      let response: Response;
      try {
        response = await handleRequest(handler, azureRequest(request), { env, waitUntil: work.add }, options);
      } catch (error) {
        // Only a request that cannot become a Request gets here; handleRequest answers its own errors.
        if (!(error instanceof GripError)) reportUnreadable(options, error, request);
        response = errorResponse(error);
      }
      return responseInit(response);
    } finally {
      await work.settle();
    }
  };
}
