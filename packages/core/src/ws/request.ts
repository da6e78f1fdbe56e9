import { takeBodyBytes } from '../adapter/request-body.js';
import { requestHeader } from '../adapter/request-headers.js';
import { isBytesTaker, takesBytes } from '../adapter/response-registry.js';
import { WebSocketEventsError } from '../errors.js';
import { type RequestState, requestState } from '../request-state.js';
import { WebSocketContext } from './context.js';
import { decodeWebSocketEvents, WEBSOCKET_EVENTS_CONTENT_TYPE } from './event.js';
import { decodeMetaValue, isVisibleMetaName } from './meta.js';
import { type IncomingMeta, readIncomingMeta, unsealedMeta } from './meta-seal.js';

/**
 * True for a proxy's WebSocket-over-HTTP request: a POST whose Content-Type is
 * byte for byte `application/websocket-events`.
 *
 * Deliberately stricter than media-type matching. Pushpin refuses a client's
 * own POST whose Content-Type starts with that exact lower-case text, but
 * passes on, signed, any other spelling (`Application/WebSocket-Events`, or
 * the type followed by a comma and another), together with the client's own
 * `Connection-Id` and `Meta-*` headers. Pushpin and Fanout always send the
 * exact text, so accepting only it is the one test a client cannot pass
 * through the proxy.
 */
export function isWebSocketOverHttp(request: Request): boolean {
  return (
    request.method === 'POST' && requestHeader(request, 'content-type') === WEBSOCKET_EVENTS_CONTENT_TYPE
  );
}

function parseProtocols(header: string | null): string[] {
  if (header === null) return [];
  return header
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

/** The request's Connection-Id, checked to be a WebSocket-over-HTTP request. */
function connectionId(request: Request): string {
  if (!isWebSocketOverHttp(request)) {
    const type = requestHeader(request, 'content-type');
    throw new WebSocketEventsError(
      `Not a WebSocket-over-HTTP request: expected POST with Content-Type exactly ${WEBSOCKET_EVENTS_CONTENT_TYPE}, got ${request.method} with ${type === null ? 'no Content-Type' : `Content-Type ${JSON.stringify(type)}`}`,
    );
  }
  const id = requestHeader(request, 'connection-id');
  if (id === null || id === '') {
    throw new WebSocketEventsError('WebSocket-over-HTTP request has no Connection-Id header');
  }
  return id;
}

async function readBody(request: Request): Promise<Uint8Array> {
  try {
    return new Uint8Array(await request.arrayBuffer());
  } catch (cause) {
    throw new WebSocketEventsError('WebSocket-over-HTTP request body could not be read', { cause });
  }
}

function context(
  request: Request,
  state: RequestState,
  id: string,
  body: Uint8Array,
  incoming: IncomingMeta,
): WebSocketContext {
  const events = decodeWebSocketEvents(body);
  const meta: Record<string, string> = {};
  for (const [name, value] of incoming.trusted) {
    if (isVisibleMetaName(name)) meta[name] = decodeMetaValue(value);
  }
  const context = new WebSocketContext({
    id,
    meta,
    events,
    prefix: state.prefix,
    protocols: parseProtocols(requestHeader(request, 'sec-websocket-protocol')),
  });
  // Its answer goes the way the request came: as bytes, for an adapter that takes them.
  if (isBytesTaker(request)) takesBytes(context);
  return context;
}

async function parseAsync(request: Request, state: RequestState, id: string): Promise<WebSocketContext> {
  const body = await readBody(request);
  state.incomingMeta ??= readIncomingMeta(request, id, state.metaSecret);
  return context(request, state, id, body, await state.incomingMeta);
}

function parse(request: Request, state: RequestState): Promise<WebSocketContext> {
  try {
    const id = connectionId(request);
    // Bytes the adapter holds, and no MAC to check: nothing to wait for.
    const body = state.metaSecret === undefined ? takeBodyBytes(request) : undefined;
    if (body === undefined) return parseAsync(request, state, id);
    return Promise.resolve(context(request, state, id, body, unsealedMeta(request)));
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * Reads a WebSocket-over-HTTP request into a {@link WebSocketContext}. Inside a
 * handler run by an adapter, channel names get the configured `GRIP_PREFIX`,
 * and with a meta secret configured only meta whose MAC verifies is shown.
 * (Pass `ctx` as well if the handler may have re-created the `Request`.)
 * Calling it twice for the same request returns the same context.
 *
 * @throws {WebSocketEventsError} (status 400) when the request is not
 * WebSocket-over-HTTP or its body is malformed.
 */
export function getWebSocket(
  request: Request,
  ctx?: { readonly config: { readonly prefix: string; readonly metaSecret?: Uint8Array | undefined } },
): Promise<WebSocketContext> {
  const state = requestState(request);
  if (ctx !== undefined && state.webSocket === undefined) {
    // Passing ctx keeps the configuration when the handler re-created the Request.
    state.prefix = ctx.config.prefix;
    state.metaSecret ??= ctx.config.metaSecret;
  }
  state.webSocket ??= parse(request, state);
  return state.webSocket;
}
