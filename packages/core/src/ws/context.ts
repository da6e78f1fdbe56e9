import { WebSocketContext as GripWebSocketContext, WebSocketEvent } from '@fanoutio/grip';
import { decodeClosePayload, encodeClosePayload } from './close.js';
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
} from './event.js';
import { encodeMetaValue, metaHeaders } from './meta.js';

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
  meta: Record<string, string>;
  events: DecodedWebSocketEvent[];
  prefix?: string;
  protocols?: string[];
}

function bytes(message: string | Uint8Array): Uint8Array {
  return typeof message === 'string' ? encoder.encode(message) : message;
}

function prefixed(prefix: string, message: string | Uint8Array): Uint8Array {
  const head = encoder.encode(prefix);
  const body = bytes(message);
  const out = new Uint8Array(head.length + body.length);
  out.set(head);
  out.set(body, head.length);
  return out;
}

/**
 * One WebSocket-over-HTTP request seen as a socket: the events the proxy
 * batched into this request, and the events and instructions to answer with.
 * It lives for one invocation only; state that must outlive it goes in `meta`.
 */
export class WebSocketContext extends GripWebSocketContext {
  /** Subprotocols the client offered (`Sec-WebSocket-Protocol`), in order. */
  readonly protocols: readonly string[];
  /** Reason of the CLOSE the client sent, once `recv()` has returned its `null`. */
  closeReason = '';
  /** True once `recv()` returned `null` for a DISCONNECT (the TCP connection is gone). */
  disconnected = false;
  private selectedProtocol: string | undefined;
  private keepAliveSeconds: number | undefined;
  private outCloseReason = '';
  private receivedClose = false;
  /** The client's CLOSE payload in this batch, echoed if the handler does not close. */
  private readonly clientClose: Uint8Array | undefined;

  constructor(init: WebSocketContextInit) {
    const inbound: WebSocketEvent[] = [];
    const pongs: WebSocketEvent[] = [];
    for (const event of init.events) {
      // Answer every PING here, with its payload, so that a batch holding
      // only a PING still gets its PONG even if the handler never calls recv().
      if (event.type === 'PING') pongs.push(new WebSocketEvent('PONG', event.content ?? null));
      else if (event.type !== 'PONG') inbound.push(new WebSocketEvent(event.type, event.content ?? null));
    }
    super(init.id, init.meta, inbound, init.prefix ?? '');
    // The base class reads OPEN to set isOpening(); it is not a message to recv().
    this._inEvents = this._inEvents.filter((event) => event.type !== 'OPEN');
    this.outEvents.push(...pongs);
    this.protocols = init.protocols ?? [];
    const close = init.events.find((event) => event.type === 'CLOSE');
    this.clientClose = close === undefined ? undefined : (close.content ?? new Uint8Array());
  }

  /** Accepts an opening connection; on a later request there is nothing to accept and it does nothing. */
  override accept(options: AcceptOptions = {}): void {
    if (!this.isOpening()) return;
    if (options.protocol !== undefined && !this.protocols.includes(options.protocol)) {
      throw new RangeError(
        `Subprotocol ${JSON.stringify(options.protocol)} was not offered by the client (offered: ${this.protocols.join(', ') || 'none'})`,
      );
    }
    this.selectedProtocol = options.protocol ?? this.protocols[0];
    if (options.keepAliveInterval !== undefined) this.setKeepAliveInterval(options.keepAliveInterval);
    super.accept();
  }

  /** The subprotocol that will be echoed to the client, if any. */
  get protocol(): string | undefined {
    return this.selectedProtocol;
  }

  setKeepAliveInterval(seconds: number): void {
    if (!(seconds > 0)) throw new RangeError('Keep-Alive-Interval must be a positive number of seconds');
    this.keepAliveSeconds = Math.ceil(seconds);
  }

  /**
   * Closes the connection. With no code after the client closed, the client's
   * code and reason are echoed, which completes the closing handshake.
   */
  override close(code?: number, reason?: string): void {
    if (code === undefined && reason !== undefined) {
      throw new TypeError('A close reason needs a close code');
    }
    const echo = code === undefined && this.receivedClose && this.closeCode !== null;
    const finalCode = echo ? this.closeCode : (code ?? null);
    const finalReason = echo ? this.closeReason : (reason ?? '');
    if (finalCode !== null) encodeClosePayload(finalCode, finalReason);
    // Closing during the handshake opens first, so the client sees the code and reason.
    if (this.isOpening() && !this.accepted) this.accept();
    this.closed = true;
    this.outCloseCode = finalCode;
    this.outCloseReason = finalReason;
  }

  override canRecv(): boolean {
    return this._inEvents.length > 0;
  }

  /**
   * The next message: a string for TEXT, bytes for BINARY, and `null` when the
   * client closed (see `closeCode`, `closeReason`) or disconnected.
   */
  override recvRaw(): string | Uint8Array | null {
    const event = this._inEvents.shift();
    if (event === undefined) {
      throw new Error('No WebSocket message left in this request: check canRecv() before recv()');
    }
    const content = event.content;
    const raw = content == null ? new Uint8Array() : bytes(content);
    switch (event.type) {
      case 'TEXT':
        return decoder.decode(raw);
      case 'BINARY':
        return raw;
      case 'CLOSE': {
        const { code, reason } = decodeClosePayload(content == null ? undefined : raw);
        this.receivedClose = true;
        this.closeCode = code;
        this.closeReason = reason;
        return null;
      }
      case 'DISCONNECT':
        this.disconnected = true;
        return null;
      default:
        throw new Error(`Unexpected ${event.type} event in the receive queue`);
    }
  }

  override recv(): string | null {
    const message = this.recvRaw();
    return message instanceof Uint8Array ? decoder.decode(message) : message;
  }

  override send(message: string | Uint8Array): void {
    this.outEvents.push(new WebSocketEvent('TEXT', prefixed('m:', message)));
  }

  override sendBinary(message: string | Uint8Array): void {
    this.outEvents.push(new WebSocketEvent('BINARY', prefixed('m:', message)));
  }

  override sendControl(message: string | Uint8Array): void {
    this.outEvents.push(new WebSocketEvent('TEXT', prefixed('c:', message)));
  }

  /** Subscribes this connection to a channel (the configured prefix is added). */
  override subscribe(channel: string, filters?: readonly string[]): void {
    this.sendControl(subscribeControl(this.prefix + channel, filters));
  }

  override unsubscribe(channel: string): void {
    this.sendControl(unsubscribeControl(this.prefix + channel));
  }

  override detach(): void {
    this.sendControl(detachControl());
  }

  /** Asks the proxy to send `content` to the client while the connection is idle. */
  keepAlive(options: KeepAliveControl): void {
    this.sendControl(keepAliveControl(options));
  }

  /** Sets connection meta through a control message (visible to publish filters at once). */
  setMeta(name: string, value: string): void {
    const key = name.toLowerCase();
    this.sendControl(setMetaControl(key, encodeMetaValue(value)));
    // Already set by the control message: no Set-Meta header for it as well.
    this.meta[key] = value;
    this.origMeta[key] = value;
  }

  override getOutgoingEvents(): WebSocketEvent[] {
    const events: WebSocketEvent[] = [];
    if (this.accepted) events.push(new WebSocketEvent('OPEN'));
    events.push(...this.outEvents);
    if (this.closed) {
      const payload =
        this.outCloseCode === null ? null : encodeClosePayload(this.outCloseCode, this.outCloseReason);
      events.push(new WebSocketEvent('CLOSE', payload));
    } else if (this.clientClose !== undefined) {
      // The client's close completes only when echoed; do it for handlers that don't.
      events.push(new WebSocketEvent('CLOSE', this.clientClose.length > 0 ? this.clientClose : null));
    }
    return events;
  }

  override toHeaders(): Record<string, string> {
    const headers: Record<string, string> = {
      'Content-Type': WEBSOCKET_EVENTS_CONTENT_TYPE,
      ...metaHeaders(this.origMeta, this.meta),
    };
    if (this.accepted) {
      headers['Sec-WebSocket-Extensions'] = 'grip';
      if (this.selectedProtocol !== undefined) headers['Sec-WebSocket-Protocol'] = this.selectedProtocol;
    }
    if (this.keepAliveSeconds !== undefined) headers['Keep-Alive-Interval'] = String(this.keepAliveSeconds);
    return headers;
  }

  /**
   * The answer for the proxy. An opening connection that was neither accepted
   * nor closed is refused with 403, since the proxy cannot open it anyway;
   * refuse with another status by returning your own `Response` instead.
   */
  toResponse(): Response {
    if (this.isOpening() && !this.accepted) {
      return new Response('WebSocket connection was not accepted\n', {
        status: 403,
        headers: { 'Content-Type': 'text/plain' },
      });
    }
    const body = encodeWebSocketEventsBody(
      this.getOutgoingEvents().map((e) => ({
        type: e.type as DecodedWebSocketEvent['type'],
        content: e.content ?? undefined,
      })),
    );
    return new Response(body, { status: 200, headers: this.toHeaders() });
  }
}
