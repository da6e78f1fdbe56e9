import type { WebSocketContext } from '@faas-grip/core';

/**
 * Stands in for `c.var.ws` on a request that is not WebSocket-over-HTTP: any
 * use throws `reason` (core's 400 error naming what arrived), so a route that
 * expects a WebSocket answers a plain GET with a clear 400 instead of a
 * TypeError on `undefined`.
 */
export function refusedWebSocket(reason: unknown): WebSocketContext {
  return new Proxy(Object.create(null) as WebSocketContext, {
    get(_target, property) {
      // Inspection (util.inspect, toStringTag) and promise checks must not throw.
      if (typeof property === 'symbol' || property === 'then' || property === 'toJSON') return undefined;
      throw reason;
    },
  });
}
