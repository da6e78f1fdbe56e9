import type { GripContext, WebSocketContext } from '@faas-grip/core';

/** What `ctx.env` holds under Hono: Worker bindings, or `process.env` elsewhere. */
export type GripHonoEnv = Record<string, unknown>;

/** The variables {@link grip} sets on the Hono context. */
export interface GripVariables {
  /** Publishing, holds, `proxied`/`signed`, and the GRIP configuration for this request. */
  grip: GripContext<GripHonoEnv>;
  /**
   * The WebSocket-over-HTTP request, parsed and validated. On any other
   * request, using it throws core's `WebSocketEventsError`, which the
   * middleware answers with a 400 that says what arrived instead.
   */
  ws: WebSocketContext;
}

/** The Hono `Env` of an app or route that uses {@link grip}. */
export interface GripBindings {
  Variables: GripVariables;
}

// Lets `c.var.grip` and `c.var.ws` be typed in apps that register the
// middleware with `app.use()` without chaining, as Hono's own middleware do.
declare module 'hono' {
  interface ContextVariableMap extends GripVariables {}
}
