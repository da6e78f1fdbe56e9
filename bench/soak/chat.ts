import { type GripHandler, getWebSocket, WebSocketMessageFormat } from '@faas-grip/core';
import { ROOM } from './wire.js';

export interface ChatCounters {
  /** WebSocket-over-HTTP requests handled (opens, messages, closes). */
  requests: number;
  /** Messages handed to `ctx.publish` that it resolved. */
  published: number;
  /** Publishes that rejected: each one is a message no client will see. */
  publishErrors: number;
}

/**
 * The chat the soak drives, written as an app would be: accept, subscribe to
 * the room, publish every message to the room. A failed publish is counted
 * and the connection kept, so a publish fault shows up as lost messages
 * rather than as closed clients.
 */
export function chatHandler(counters: ChatCounters): GripHandler {
  return async (request, ctx) => {
    counters.requests++;
    const ws = await getWebSocket(request);
    if (ws.isOpening()) {
      ws.accept();
      ws.subscribe(ROOM);
    }
    while (ws.canRecv()) {
      const message = ws.recv();
      if (message === null) {
        ws.close();
        break;
      }
      try {
        await ctx.publish(ROOM, new WebSocketMessageFormat(message));
        counters.published++;
      } catch (error) {
        counters.publishErrors++;
        if (counters.publishErrors <= 5) console.error('[soak origin] publish failed:', String(error));
      }
    }
    return ws.toResponse();
  };
}
