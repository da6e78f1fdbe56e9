import { coreResponse } from '../adapter/response-registry.js';
import { type ChannelSpec, gripChannelHeader } from './channel.js';
import { seconds } from './header-syntax.js';
import {
  gripExposeHeadersHeader,
  gripNextLinkHeader,
  gripSetMetaHeader,
  gripStatusHeader,
} from './instruction-headers.js';
import { gripKeepAliveHeader, type HoldKeepAlive } from './keep-alive.js';

// Body and headers are typed as the runtime's Response and Headers take them, not as DOM's
// BodyInit and HeadersInit: a Node project typed by @types/node alone has no DOM library, and
// these declarations must compile there too.
export interface HoldOptions {
  /** The first bytes a stream sends, or what a long-poll returns when it times out. */
  body?: ConstructorParameters<typeof Response>[0];
  /** Headers for the client's response (Content-Type defaults to text/plain). */
  headers?: ConstructorParameters<typeof Headers>[0];
  /**
   * Status the client sees. Sent as `Grip-Status` so the origin's answer stays a
   * 200 that the proxy takes as instructions.
   */
  status?: number | { code: number; reason: string };
  /** Data the proxy sends while a stream is idle (`Grip-Keep-Alive`). */
  keepAlive?: HoldKeepAlive;
  /** Connection meta for publish filters (`Grip-Set-Meta`). */
  meta?: Record<string, string>;
  /** Where the proxy should fetch next (`Grip-Link: <uri>; rel=next`), for paged streams. */
  next?: { uri: string; timeout?: number };
  /** Response headers the proxy should pass on to the client (`Grip-Expose-Headers`). */
  exposeHeaders?: readonly string[];
}

export interface LongPollOptions extends HoldOptions {
  /** Seconds to hold before answering with `body` (Pushpin's minimum is 5, default 55). */
  timeout?: number;
}

function instructions(
  kind: 'stream' | 'response',
  channels: ChannelSpec | readonly ChannelSpec[],
  options: LongPollOptions,
): Headers {
  const headers = new Headers(options.headers);
  if (!headers.has('content-type')) headers.set('Content-Type', 'text/plain');
  headers.set('Grip-Hold', kind);
  headers.set('Grip-Channel', gripChannelHeader(channels));
  if (options.timeout !== undefined)
    headers.set('Grip-Timeout', String(seconds('Grip-Timeout', options.timeout)));
  if (options.status !== undefined) headers.set('Grip-Status', gripStatusHeader(options.status));
  if (options.keepAlive !== undefined) headers.set('Grip-Keep-Alive', gripKeepAliveHeader(options.keepAlive));
  if (options.meta !== undefined && Object.keys(options.meta).length > 0) {
    headers.set('Grip-Set-Meta', gripSetMetaHeader(options.meta));
  }
  if (options.next !== undefined) headers.set('Grip-Link', gripNextLinkHeader(options.next));
  if (options.exposeHeaders !== undefined && options.exposeHeaders.length > 0) {
    headers.set('Grip-Expose-Headers', gripExposeHeadersHeader(options.exposeHeaders));
  }
  return headers;
}

// A text or empty body is core's to send as bytes; other bodies (streams,
// bytes the caller still holds) go as given.
function held(body: HoldOptions['body'], headers: Headers): Response {
  const init = { status: 200, headers };
  if (body === undefined || body === null || typeof body === 'string') {
    return coreResponse(body ?? null, init, undefined);
  }
  return new Response(body, init);
}

/**
 * Holds the request open as an HTTP stream subscribed to `channels`: the
 * client gets `body` now and every `http-stream` item published later.
 */
export function holdStream(
  channels: ChannelSpec | readonly ChannelSpec[],
  options: HoldOptions = {},
): Response {
  return held(options.body, instructions('stream', channels, options));
}

/**
 * Holds the request as a long-poll on `channels`: the first `http-response`
 * item published answers it, or `body` does when the timeout passes.
 */
export function holdLongPoll(
  channels: ChannelSpec | readonly ChannelSpec[],
  options: LongPollOptions = {},
): Response {
  return held(options.body, instructions('response', channels, options));
}
