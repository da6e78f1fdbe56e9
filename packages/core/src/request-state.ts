import { requestHeader } from './adapter/request-headers.js';
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

// Requests core's adapters build carry their state in a property of their
// own, which costs less than a WeakMap entry (in time and in collection).
const STATE_SLOT = Symbol('faas-grip request state');
type Slotted = { [STATE_SLOT]?: RequestState | null };

/** Gives the requests of `prototype` a slot for their state (null: empty), instead of a WeakMap entry. */
export function keepsStateInSlot(prototype: object): void {
  (prototype as Slotted)[STATE_SLOT] = null;
}

// WebSocket-over-HTTP requests being handled, by Connection-Id. A handler that
// re-creates its Request (and does not pass ctx) still gets the prefix and,
// above all, the meta secret: without it, it would trust meta it must not.
// Several may share an id (retries, or a forged request racing a real one), so
// each id keeps every state in flight, and the lookup fails closed: if any of
// them carries a meta secret, the copy gets one.
// One state alone (the usual case) is kept without a list.
const inFlight = new Map<string, RequestState | RequestState[]>();

function inheritedState(id: string | null): RequestState {
  const running = id === null ? undefined : inFlight.get(id);
  if (running === undefined) return { prefix: '' };
  if (!Array.isArray(running)) return { prefix: running.prefix, metaSecret: running.metaSecret };
  const latest = running[running.length - 1]!;
  const guarded = running.findLast((state) => state.metaSecret !== undefined) ?? latest;
  return { prefix: latest.prefix, metaSecret: guarded.metaSecret };
}

export function requestState(request: Request): RequestState {
  const slotted = request as Slotted;
  const slot = slotted[STATE_SLOT];
  if (slot !== undefined) {
    if (slot !== null) return slot;
    const state = inheritedState(requestHeader(request, 'connection-id'));
    slotted[STATE_SLOT] = state;
    return state;
  }
  let state = states.get(request);
  if (state === undefined) {
    state = inheritedState(request.headers.get('connection-id'));
    states.set(request, state);
  }
  return state;
}

/**
 * Makes `state` one that a re-created copy of a WebSocket-over-HTTP `request`
 * inherits while the handler runs; give the returned id to
 * {@link endInFlight} when it is done. Only such requests may register: a
 * plain request's Connection-Id is whatever its client wrote.
 */
export function trackInFlight(request: Request, state: RequestState): string | null {
  const id = requestHeader(request, 'connection-id');
  if (id === null) return null;
  const running = inFlight.get(id);
  if (running === undefined) inFlight.set(id, state);
  else if (Array.isArray(running)) running.push(state);
  else inFlight.set(id, [running, state]);
  return id;
}

/** Ends what {@link trackInFlight} started for `state`. */
export function endInFlight(id: string, state: RequestState): void {
  const running = inFlight.get(id);
  if (running === state) {
    inFlight.delete(id);
  } else if (Array.isArray(running)) {
    const index = running.indexOf(state);
    if (index !== -1) running.splice(index, 1);
    if (running.length === 0) inFlight.delete(id);
  }
}
