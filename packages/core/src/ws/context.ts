import { coreResponse, textResponse } from '../adapter/response-registry.js';
import { encodeClosePayload } from './close.js';
import {
  detachControl,
  type KeepAliveControl,
  keepAliveControl,
  setMetaControl,
  subscribeControl,
  unsubscribeControl,
} from './control.js';
import {
  type DecodedWebSocketEvent,
  encodeWebSocketEventsBody,
  WEBSOCKET_EVENTS_CONTENT_TYPE,
  type WebSocketEventInit,
} from './event.js';
import { InboundBatch } from './inbound.js';
import { encodeMetaValue, metaHeaders, metaName } from './meta.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export interface AcceptOptions {
  /**
   * The subprotocol to select. It must be one the client offered. When left
   * out and the client offered some, the first one offered is echoed, because
   * clients such as `ws` fail the handshake if none comes back.
   */
  protocol?: string;
  /** Seconds after which the proxy sends an empty keep-alive request (Pushpin raises values under 20). */
  keepAliveInterval?: number;
}

export interface WebSocketContextInit {
  id: string;
  /** The connection's meta as the handler may see it (decoded values). */
  meta: Record<string, string>;
  events: readonly DecodedWebSocketEvent[];
  prefix?: string;
  protocols?: string[];
}

// Text stays a string until the body is encoded, which writes it in place.
/**
 * The name and value of a `set-meta` control message, or undefined for any
 * other message. Only messages that can be one are parsed.
 */
function setMetaRequest(
  message: string | Uint8Array,
): { name: string; value: string | undefined } | undefined {
  const text = typeof message === 'string' ? message : decoder.decode(message);
  if (!text.includes('set-meta')) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { type, name, value } = parsed as { type?: unknown; name?: unknown; value?: unknown };
  if (type !== 'set-meta') return undefined;
  if (typeof name !== 'string') throw new TypeError('A set-meta control message needs a string name');
  return { name, value: typeof value === 'string' && value !== '' ? value : undefined };
}

function withPrefix(prefix: 'm:' | 'c:', message: string | Uint8Array): string | Uint8Array {
  if (typeof message === 'string') return prefix + message;
  const out = new Uint8Array(message.length + 2);
  out[0] = prefix.charCodeAt(0);
  out[1] = 58; // ':'
  out.set(message, 2);
  return out;
}

/**
 * One WebSocket-over-HTTP request seen as a socket: the events the proxy
 * batched into this request, and the events and instructions to answer with.
 * It lives for one invocation only; state that must outlive it goes in `meta`.
 */
export class WebSocketContext {
  /** The proxy's id for this connection (the same on every request). */
  readonly id: string;
  /** Per-connection state the proxy hands back on the next request (see the README). */
  meta: Record<string, string>;
  /** Subprotocols the client offered (`Sec-WebSocket-Protocol`), in order. */
  readonly protocols: readonly string[];

  readonly #prefix: string;
  readonly #original: Readonly<Record<string, string>>;
  readonly #inbound: InboundBatch;
  readonly #outbound: WebSocketEventInit[];
  readonly #opening: boolean;
  #accepted = false;
  #protocol: string | undefined;
  #keepAliveSeconds: number | undefined;
  #closing: { payload: Uint8Array | undefined } | undefined;
  /** Last value each set-meta control message carried, by name. */
  readonly #metaControls = new Map<string, string>();

  constructor(init: WebSocketContextInit) {
    this.id = init.id;
    this.#original = { ...init.meta };
    this.meta = { ...init.meta };
    this.#prefix = init.prefix ?? '';
    this.protocols = init.protocols ?? [];
    this.#inbound = new InboundBatch(init.events);
    this.#opening = this.#inbound.opening;
    // PINGs are answered whether or not the handler reads anything.
    this.#outbound = [...this.#inbound.pongs];
  }

  /** True on the request that opens the connection (an OPEN event). */
  isOpening(): boolean {
    return this.#opening;
  }

  /** Accepts an opening connection; on a later request there is nothing to accept and it does nothing. */
  accept(options: AcceptOptions = {}): void {
    if (!this.#opening) return;
    if (options.protocol !== undefined && !this.protocols.includes(options.protocol)) {
      throw new RangeError(
        `Subprotocol ${JSON.stringify(options.protocol)} was not offered by the client (offered: ${this.protocols.join(', ') || 'none'})`,
      );
    }
    this.#protocol = options.protocol ?? this.protocols[0];
    if (options.keepAliveInterval !== undefined) this.setKeepAliveInterval(options.keepAliveInterval);
    this.#accepted = true;
  }

  /** The subprotocol that will be echoed to the client, if any. */
  get protocol(): string | undefined {
    return this.#protocol;
  }

  /** Code of the CLOSE the client sent, as sent, once `recv()` returned its `null`; null if it sent none. */
  get closeCode(): number | null {
    return this.#inbound.closeCode;
  }

  /** Reason of the CLOSE the client sent, once `recv()` has returned its `null`. */
  get closeReason(): string {
    return this.#inbound.closeReason;
  }

  /** True once `recv()` returned `null` for a DISCONNECT (the TCP connection is gone). */
  get disconnected(): boolean {
    return this.#inbound.disconnected;
  }

  setKeepAliveInterval(seconds: number): void {
    if (!(seconds > 0)) throw new RangeError('Keep-Alive-Interval must be a positive number of seconds');
    this.#keepAliveSeconds = Math.ceil(seconds);
  }

  /**
   * Closes the connection. With no code after the client closed, the client's
   * code and reason are echoed, which completes the closing handshake; if the
   * client's close was malformed, the answer is 1002 (or 1007 for a reason
   * that is not UTF-8). A code of your own that may not be sent throws a
   * `RangeError`.
   */
  close(code?: number, reason?: string): void {
    if (code === undefined && reason !== undefined) {
      throw new TypeError('A close reason needs a close code');
    }
    let payload: Uint8Array | undefined;
    if (code !== undefined) payload = encodeClosePayload(code, reason);
    else if (this.#inbound.receivedClose) payload = this.#inbound.closeEcho;
    // Closing during the handshake opens first, so the client sees the code and reason.
    if (this.#opening && !this.#accepted) this.accept();
    this.#closing = { payload };
  }

  /** Asks the proxy to drop the connection without a closing handshake (the client sees 1006). */
  disconnect(): void {
    this.#outbound.push({ type: 'DISCONNECT', content: undefined });
  }

  canRecv(): boolean {
    return this.#inbound.hasNext;
  }

  /**
   * The next message: a string for TEXT, bytes for BINARY, and `null` when the
   * client closed (see `closeCode`, `closeReason`) or disconnected.
   */
  recvRaw(): string | Uint8Array | null {
    return this.#inbound.next();
  }

  recv(): string | null {
    const message = this.recvRaw();
    return message instanceof Uint8Array ? decoder.decode(message) : message;
  }

  send(message: string | Uint8Array): void {
    this.#outbound.push({ type: 'TEXT', content: withPrefix('m:', message) });
  }

  sendBinary(message: string | Uint8Array): void {
    this.#outbound.push({ type: 'BINARY', content: withPrefix('m:', message) });
  }

  /**
   * Sends a GRIP control message. A `set-meta` message goes through
   * {@link setMeta}, so that the meta it sets also travels in the answer's
   * headers (the form Pushpin hands back, and the one meta protection covers).
   */
  sendControl(message: string | Uint8Array): void {
    const setMeta = setMetaRequest(message);
    if (setMeta === undefined) this.#pushControl(message);
    else if (setMeta.value === undefined) delete this.meta[metaName(setMeta.name)];
    else this.setMeta(setMeta.name, setMeta.value);
  }

  #pushControl(message: string | Uint8Array): void {
    this.#outbound.push({ type: 'TEXT', content: withPrefix('c:', message) });
  }

  /** Subscribes this connection to a channel (the configured prefix is added). */
  subscribe(channel: string, filters?: readonly string[]): void {
    this.sendControl(subscribeControl(this.#prefix + channel, filters));
  }

  unsubscribe(channel: string): void {
    this.sendControl(unsubscribeControl(this.#prefix + channel));
  }

  detach(): void {
    this.sendControl(detachControl());
  }

  /** Asks the proxy to send `content` to the client while the connection is idle. */
  keepAlive(options: KeepAliveControl): void {
    this.sendControl(keepAliveControl(options));
  }

  /**
   * Sets connection meta through a control message, so publish filters see it
   * at once, and in `meta`, so it also comes back on later requests (Pushpin
   * hands back only meta set by `Set-Meta-*` headers).
   * @throws {TypeError} when the name is not a header token.
   */
  setMeta(name: string, value: string): void {
    const key = metaName(name);
    const text = String(value);
    const wire = encodeMetaValue(text);
    this.#pushControl(setMetaControl(key, wire));
    this.#metaControls.set(key, wire);
    this.meta[key] = text;
  }

  /** The events of the answer, in order. */
  getOutgoingEvents(): DecodedWebSocketEvent[] {
    return this.#answer().map(({ type, content }) => ({
      type,
      content: typeof content === 'string' ? encoder.encode(content) : content,
    }));
  }

  #answer(): WebSocketEventInit[] {
    const events: WebSocketEventInit[] = [];
    if (this.#accepted) events.push({ type: 'OPEN', content: undefined });
    for (const event of this.#outbound) events.push(event);
    // A proxy that applies set-meta after the headers (as the dev proxy does)
    // must end up with the same meta as one that only reads the headers.
    for (const [key, sent] of this.#metaControls) {
      const value = Object.hasOwn(this.meta, key) ? this.meta[key] : undefined;
      const wire = value === undefined ? '' : encodeMetaValue(String(value));
      if (wire !== sent) events.push({ type: 'TEXT', content: `c:${setMetaControl(key, wire)}` });
    }
    if (this.#closing !== undefined) {
      events.push({ type: 'CLOSE', content: this.#closing.payload });
    } else if (this.#inbound.clientClosed) {
      // The client's close completes only when answered; do it for handlers that don't.
      events.push({ type: 'CLOSE', content: this.#inbound.closeEcho });
    }
    return events;
  }

  toHeaders(): Record<string, string> {
    const headers: Record<string, string> = {
      'Content-Type': WEBSOCKET_EVENTS_CONTENT_TYPE,
      ...metaHeaders(this.#original, this.meta),
    };
    if (this.#accepted) {
      headers['Sec-WebSocket-Extensions'] = 'grip';
      if (this.#protocol !== undefined) headers['Sec-WebSocket-Protocol'] = this.#protocol;
    }
    if (this.#keepAliveSeconds !== undefined) headers['Keep-Alive-Interval'] = String(this.#keepAliveSeconds);
    return headers;
  }

  /**
   * The answer for the proxy. An opening connection that was neither accepted
   * nor closed is refused with 403, since the proxy cannot open it anyway;
   * refuse with another status by returning your own `Response` instead.
   */
  toResponse(): Response {
    if (this.#opening && !this.#accepted) {
      return textResponse('WebSocket connection was not accepted\n', 403, this);
    }
    const body = encodeWebSocketEventsBody(this.#answer());
    return coreResponse(body, { status: 200, headers: this.toHeaders() }, this);
  }
}
