import {
  type GripContext,
  GripError,
  type GripOptions,
  getWebSocket,
  isWebSocketOverHttp,
  type WebSocketContext,
} from '@faas-grip/core';
import { handleRequest } from '@faas-grip/core/adapter';
import type { MiddlewareHandler } from 'hono';
import { type EnvSource, envFor } from './env.js';
import { refusedWebSocket } from './refused-websocket.js';
import type { GripBindings, GripHonoEnv } from './variables.js';
import { requestWork } from './wait-until.js';

export interface GripMiddlewareOptions extends GripOptions {
  /**
   * Where `GRIP_URL`, `GRIP_VERIFY_KEY`, `GRIP_VERIFY_ISS` and `GRIP_PREFIX`
   * are read from (default: `c.env` on Workers, `process.env` elsewhere).
   */
  env?: EnvSource;
}

async function webSocketOf(request: Request): Promise<WebSocketContext> {
  // A malformed body rejects here, and handleRequest answers core's 400.
  if (isWebSocketOverHttp(request)) return getWebSocket(request);
  const refusal = await getWebSocket(request).then(
    () => undefined,
    (error: unknown) => error,
  );
  return refusedWebSocket(refusal);
}

/**
 * GRIP for the routes below it. Requests without a valid `Grip-Sig` are
 * refused with a 403 when a key is configured (unless `allowUnsigned`);
 * `c.var.grip` holds publishing and hold helpers, `c.var.ws` the parsed
 * WebSocket-over-HTTP request; `GRIP_PREFIX` is applied to the
 * `Grip-Channel` of held responses. A `GripError` thrown below (such as a
 * malformed WebSocket body) becomes its status and message; other errors are
 * left to the app's `onError`.
 */
export function grip(options: GripMiddlewareOptions = {}): MiddlewareHandler<GripBindings> {
  return async function grip(c, next) {
    // Registered twice on one route (say `*` and `/ws/*`): run once, or the prefix would be doubled.
    if (c.get('grip') as GripContext<GripHonoEnv> | undefined) return next();
    const work = requestWork(c);
    const response = await handleRequest(
      async (request, ctx) => {
        c.set('grip', ctx);
        c.set('ws', await webSocketOf(request));
        await next();
        if (c.error instanceof GripError) throw c.error;
        return c.res;
      },
      c.req.raw,
      { env: envFor(c, options.env), waitUntil: work.waitUntil },
      options,
    );
    await work.settle();
    if (response !== c.res) {
      // A fresh answer (403, core's error response) or a copy made to prefix
      // immutable headers. Assigning over c.res would merge the old headers
      // into it, an unprefixed Grip-Channel among them, so clear it first.
      c.res = undefined;
      c.res = response;
    }
  };
}
