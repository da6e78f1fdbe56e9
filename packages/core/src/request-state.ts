import type { WebSocketContext } from './ws/context.js';
import type { IncomingMeta } from './ws/meta-seal.js';

/**
 * What the GRIP layer learned about a request, kept beside the `Request`
 * object so that `getWebSocket(request)` can apply the configured channel
 * prefix and meta secret without the handler passing configuration around,
 * and so that a second call (middleware, then route) reuses the already-read
 * body.
 */
export interface RequestState {
  prefix: string;
  /** Set when meta must carry a valid MAC to be trusted. */
  metaSecret?: Uint8Array | undefined;
  /** The request's meta, checked against its MAC once. */
  incomingMeta?: Promise<IncomingMeta>;
  webSocket?: Promise<WebSocketContext>;
}

const states = new WeakMap<Request, RequestState>();

// WebSocket-over-HTTP requests being handled, by Connection-Id. A handler that
// re-creates its Request (and does not pass ctx) still gets the prefix and,
// above all, the meta secret: without it, it would trust meta it must not.
const inFlight = new Map<string, RequestState>();

export function requestState(request: Request): RequestState {
  let state = states.get(request);
  if (state === undefined) {
    const id = request.headers.get('connection-id');
    const running = id === null ? undefined : inFlight.get(id);
    state = { prefix: running?.prefix ?? '', metaSecret: running?.metaSecret };
    states.set(request, state);
  }
  return state;
}

/**
 * Makes `state` the one a re-created copy of `request` inherits while the
 * handler runs; call the returned function when it is done.
 */
export function trackInFlight(request: Request, state: RequestState): () => void {
  const id = request.headers.get('connection-id');
  if (id === null) return () => {};
  inFlight.set(id, state);
  return () => {
    if (inFlight.get(id) === state) inFlight.delete(id);
  };
}
