import { WebSocketEventsError } from '../errors.js';
import { mediaType } from '../http/media-type.js';
import { requestState } from '../request-state.js';
import { WebSocketContext } from './context.js';
import { decodeWebSocketEvents, WEBSOCKET_EVENTS_CONTENT_TYPE } from './event.js';
import { decodeMetaValue } from './meta.js';

/** True for a proxy's WebSocket-over-HTTP request (POST of `application/websocket-events`). */
export function isWebSocketOverHttp(request: Request): boolean {
  return (
    request.method === 'POST' &&
    mediaType(request.headers.get('content-type')) === WEBSOCKET_EVENTS_CONTENT_TYPE
  );
}

function parseProtocols(header: string | null): string[] {
  if (header === null) return [];
  return header
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

function readMeta(headers: Headers): Record<string, string> {
  const meta: Record<string, string> = {};
  for (const [name, value] of headers) {
    if (name.startsWith('meta-')) meta[name.slice(5)] = decodeMetaValue(value);
  }
  return meta;
}

async function parse(request: Request, prefix: string): Promise<WebSocketContext> {
  if (!isWebSocketOverHttp(request)) {
    const type = request.headers.get('content-type');
    throw new WebSocketEventsError(
      `Not a WebSocket-over-HTTP request: expected POST with Content-Type ${WEBSOCKET_EVENTS_CONTENT_TYPE}, got ${request.method} with ${type === null ? 'no Content-Type' : `Content-Type ${type}`}`,
    );
  }
  const id = request.headers.get('connection-id');
  if (id === null || id === '') {
    throw new WebSocketEventsError('WebSocket-over-HTTP request has no Connection-Id header');
  }
  let body: Uint8Array;
  try {
    body = new Uint8Array(await request.arrayBuffer());
  } catch (cause) {
    throw new WebSocketEventsError('WebSocket-over-HTTP request body could not be read', { cause });
  }
  return new WebSocketContext({
    id,
    meta: readMeta(request.headers),
    events: decodeWebSocketEvents(body),
    prefix,
    protocols: parseProtocols(request.headers.get('sec-websocket-protocol')),
  });
}

/**
 * Reads a WebSocket-over-HTTP request into a {@link WebSocketContext}. Inside a
 * handler run by an adapter, channel names get the configured `GRIP_PREFIX`.
 * (Pass `ctx` as well if the handler may have re-created the `Request`.)
 * Calling it twice for the same request returns the same context.
 *
 * @throws {WebSocketEventsError} (status 400) when the request is not
 * WebSocket-over-HTTP or its body is malformed.
 */
export function getWebSocket(
  request: Request,
  ctx?: { readonly config: { readonly prefix: string } },
): Promise<WebSocketContext> {
  const state = requestState(request);
  // Passing ctx keeps the prefix when the handler re-created the Request.
  state.webSocket ??= parse(request, ctx?.config.prefix ?? state.prefix);
  return state.webSocket;
}
