import { encodeWebSocketEvents, WebSocketEvent } from '@fanoutio/grip';
import { WebSocketEventsError } from '../errors.js';

export const WEBSOCKET_EVENTS_CONTENT_TYPE = 'application/websocket-events';

export type WebSocketEventType = 'OPEN' | 'TEXT' | 'BINARY' | 'PING' | 'PONG' | 'CLOSE' | 'DISCONNECT';

const EVENT_TYPES: ReadonlySet<string> = new Set<WebSocketEventType>([
  'OPEN',
  'TEXT',
  'BINARY',
  'PING',
  'PONG',
  'CLOSE',
  'DISCONNECT',
]);

const CR = 13;
const LF = 10;
// Longest sensible type line: "DISCONNECT" or "BINARY " plus 16 hex digits.
const MAX_TYPE_LINE = 32;
const HEX = /^[0-9a-fA-F]{1,8}$/;

const latin1 = new TextDecoder('latin1');
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export interface DecodedWebSocketEvent {
  readonly type: WebSocketEventType;
  /** Undefined when the event line carried no length. */
  readonly content: Uint8Array | undefined;
}

function findLineEnd(body: Uint8Array, from: number): number {
  const limit = Math.min(body.length - 1, from + MAX_TYPE_LINE);
  for (let i = from; i < limit; i++) {
    if (body[i] === CR && body[i + 1] === LF) return i;
  }
  return -1;
}

function describe(bytes: Uint8Array): string {
  return JSON.stringify(latin1.decode(bytes.subarray(0, MAX_TYPE_LINE)));
}

/**
 * Decodes a WebSocket-over-HTTP body (`TYPE[ <hex length>]\r\n[<content>\r\n]`
 * repeated). Every declared length is checked against the bytes present, TEXT
 * content must be UTF-8, and anything else is refused with a
 * {@link WebSocketEventsError} that says where the body went wrong.
 */
export function decodeWebSocketEvents(body: Uint8Array): DecodedWebSocketEvent[] {
  const events: DecodedWebSocketEvent[] = [];
  let pos = 0;
  while (pos < body.length) {
    const lineEnd = findLineEnd(body, pos);
    if (lineEnd === -1) {
      throw new WebSocketEventsError(
        `Malformed WebSocket-over-HTTP body: no CRLF after event line at byte ${pos} (${describe(body.subarray(pos))})`,
      );
    }
    const line = latin1.decode(body.subarray(pos, lineEnd));
    const space = line.indexOf(' ');
    const type = space === -1 ? line : line.slice(0, space);
    if (!EVENT_TYPES.has(type)) {
      throw new WebSocketEventsError(
        `Unknown WebSocket-over-HTTP event ${JSON.stringify(type)} at byte ${pos}; expected one of ${[...EVENT_TYPES].join(', ')}`,
      );
    }
    pos = lineEnd + 2;
    let content: Uint8Array | undefined;
    if (space !== -1) {
      const hex = line.slice(space + 1);
      if (!HEX.test(hex)) {
        throw new WebSocketEventsError(
          `Malformed WebSocket-over-HTTP body: ${type} event has length ${JSON.stringify(hex)}, expected hexadecimal digits`,
        );
      }
      const length = Number.parseInt(hex, 16);
      if (pos + length + 2 > body.length) {
        throw new WebSocketEventsError(
          `Truncated WebSocket-over-HTTP body: ${type} event declares ${length} bytes but only ${Math.max(0, body.length - pos)} remain`,
        );
      }
      if (body[pos + length] !== CR || body[pos + length + 1] !== LF) {
        throw new WebSocketEventsError(
          `Malformed WebSocket-over-HTTP body: ${type} content of ${length} bytes is not followed by CRLF`,
        );
      }
      content = body.slice(pos, pos + length);
      pos += length + 2;
    }
    if (type === 'TEXT' && content !== undefined) {
      try {
        strictUtf8.decode(content);
      } catch (cause) {
        throw new WebSocketEventsError(
          'Malformed WebSocket-over-HTTP body: TEXT event content is not valid UTF-8',
          {
            cause,
          },
        );
      }
    }
    events.push({ type: type as WebSocketEventType, content });
  }
  return events;
}

/** Encodes events for a WebSocket-over-HTTP response body. */
export function encodeWebSocketEventsBody(
  events: ReadonlyArray<{ type: WebSocketEventType; content?: Uint8Array | string | undefined }>,
): Uint8Array<ArrayBuffer> {
  const encoded = encodeWebSocketEvents(events.map((e) => new WebSocketEvent(e.type, e.content ?? null)));
  // Copy into a plain ArrayBuffer so the result is a valid BodyInit everywhere.
  const out = new Uint8Array(encoded.byteLength);
  out.set(encoded);
  return out;
}
