import type { WebSocketContext } from './ws/context.js';

/**
 * What the GRIP layer learned about a request, kept beside the `Request`
 * object so that `getWebSocket(request)` can apply the configured channel
 * prefix without the handler passing configuration around, and so that a
 * second call (middleware, then route) reuses the already-read body.
 */
export interface RequestState {
  prefix: string;
  webSocket?: Promise<WebSocketContext>;
}

const states = new WeakMap<Request, RequestState>();

export function requestState(request: Request): RequestState {
  let state = states.get(request);
  if (state === undefined) {
    state = { prefix: '' };
    states.set(request, state);
  }
  return state;
}
