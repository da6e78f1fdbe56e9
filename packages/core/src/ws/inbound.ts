import { closeEchoPayload, decodeClosePayload } from './close.js';
import type { DecodedWebSocketEvent, WebSocketEventInit } from './event.js';

const decoder = new TextDecoder();

/**
 * The events one request carried, read the way a socket reads: messages in
 * order, by index (taking from the front of an array would cost the length of
 * the batch on every read), and what the client's CLOSE, if any, asks of the
 * answer.
 */
export class InboundBatch {
  /** The request opens the connection. */
  readonly opening: boolean;
  /** A PONG with its payload for every PING, owed whether or not anything is read. */
  readonly pongs: readonly WebSocketEventInit[];
  /** The batch holds a CLOSE from the client. */
  readonly clientClosed: boolean;
  /** The answer to that CLOSE: the client's own payload when valid, else 1002/1007 (see close.ts). */
  readonly closeEcho: Uint8Array | undefined;
  closeCode: number | null = null;
  closeReason = '';
  /** `recv()` has returned the `null` of the client's CLOSE. */
  receivedClose = false;
  disconnected = false;
  readonly #messages: DecodedWebSocketEvent[] = [];
  #next = 0;

  constructor(events: readonly DecodedWebSocketEvent[]) {
    this.opening = events[0]?.type === 'OPEN';
    const pongs: WebSocketEventInit[] = [];
    let close: DecodedWebSocketEvent | undefined;
    for (const event of events) {
      if (event.type === 'PING') pongs.push({ type: 'PONG', content: event.content });
      else if (event.type !== 'PONG' && event.type !== 'OPEN') this.#messages.push(event);
      if (event.type === 'CLOSE') close ??= event;
    }
    this.pongs = pongs;
    this.clientClosed = close !== undefined;
    this.closeEcho = close === undefined ? undefined : closeEchoPayload(close.content);
  }

  get hasNext(): boolean {
    return this.#next < this.#messages.length;
  }

  /** The next message: text, bytes, or `null` for a CLOSE or DISCONNECT. */
  next(): string | Uint8Array | null {
    const event = this.#messages[this.#next];
    if (event === undefined) {
      throw new Error('No WebSocket message left in this request: check canRecv() before recv()');
    }
    this.#next++;
    switch (event.type) {
      case 'TEXT':
        return event.text ?? (event.content === undefined ? '' : decoder.decode(event.content));
      case 'BINARY':
        return event.content ?? new Uint8Array();
      case 'CLOSE': {
        const { code, reason } = decodeClosePayload(event.content);
        this.receivedClose = true;
        this.closeCode = code;
        this.closeReason = reason;
        return null;
      }
      default:
        this.disconnected = true;
        return null;
    }
  }
}
