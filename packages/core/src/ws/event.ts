import { WebSocketEventsError } from '../errors.js';

/**
 * The only Content-Type a GRIP proxy puts on WebSocket-over-HTTP requests and
 * accepts on answers (byte for byte: Pushpin rejects an answer with a charset).
 */
export const WEBSOCKET_EVENTS_CONTENT_TYPE = 'application/websocket-events';

export type WebSocketEventType = 'OPEN' | 'TEXT' | 'BINARY' | 'PING' | 'PONG' | 'CLOSE' | 'DISCONNECT';

/**
 * One event of a WebSocket-over-HTTP body, as decoded and as encoded. Content
 * decoded from a body is a view into that body, not a copy.
 */
export interface DecodedWebSocketEvent {
  readonly type: WebSocketEventType;
  /** Undefined when the event line carried no length. */
  readonly content: Uint8Array | undefined;
  /** TEXT content as a string: the decoder decodes it once, to check it is UTF-8. */
  readonly text?: string;
}

const EVENT_TYPES: readonly WebSocketEventType[] = [
  'OPEN',
  'TEXT',
  'BINARY',
  'PING',
  'PONG',
  'CLOSE',
  'DISCONNECT',
];
const BY_NAME: ReadonlyMap<string, WebSocketEventType> = new Map(EVENT_TYPES.map((t) => [t, t]));

const CR = 13;
const LF = 10;
const SPACE = 32;
// Longest sensible type line: "DISCONNECT" or "BINARY " plus a few hex digits.
const MAX_TYPE_LINE = 32;
// Up to 8 hex digits: a length past 4 GiB cannot be present in any body.
const MAX_HEX_DIGITS = 8;

const latin1 = new TextDecoder('latin1');
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();

function describe(bytes: Uint8Array): string {
  return JSON.stringify(latin1.decode(bytes.subarray(0, MAX_TYPE_LINE)));
}

function hexValue(byte: number): number {
  if (byte >= 48 && byte <= 57) return byte - 48;
  if (byte >= 97 && byte <= 102) return byte - 87;
  if (byte >= 65 && byte <= 70) return byte - 55;
  return -1;
}

/** The CR of the CRLF ending the type line that starts at `from`, or -1. */
function findLineEnd(body: Uint8Array, from: number): number {
  const limit = Math.min(body.length - 1, from + MAX_TYPE_LINE);
  for (let i = from; i < limit; i++) {
    if (body[i] === CR && body[i + 1] === LF) return i;
  }
  return -1;
}

function readType(body: Uint8Array, start: number, end: number, pos: number): WebSocketEventType {
  let name = '';
  for (let i = start; i < end; i++) name += String.fromCharCode(body[i]!);
  const type = BY_NAME.get(name);
  if (type === undefined) {
    throw new WebSocketEventsError(
      `Unknown WebSocket-over-HTTP event ${JSON.stringify(name)} at byte ${pos}; expected one of ${EVENT_TYPES.join(', ')}`,
    );
  }
  return type;
}

function readLength(body: Uint8Array, start: number, end: number, type: string): number {
  let length = 0;
  const digits = end - start;
  for (let i = start; i < end; i++) {
    const digit = hexValue(body[i]!);
    if (digit === -1 || digits > MAX_HEX_DIGITS) {
      length = -1;
      break;
    }
    length = length * 16 + digit;
  }
  if (digits === 0 || length === -1) {
    throw new WebSocketEventsError(
      `Malformed WebSocket-over-HTTP body: ${type} event has length ${JSON.stringify(latin1.decode(body.subarray(start, end)))}, expected hexadecimal digits`,
    );
  }
  return length;
}

// Very short ASCII text is cheaper to build by hand than through a decoder call (measured: up to about 16 bytes).
const MAX_HAND_DECODED = 16;

function asciiText(content: Uint8Array): string | undefined {
  let text = '';
  for (let i = 0; i < content.length; i++) {
    const byte = content[i]!;
    if (byte >= 0x80) return undefined;
    text += String.fromCharCode(byte);
  }
  return text;
}

function decodeText(content: Uint8Array): string {
  const ascii = content.length <= MAX_HAND_DECODED ? asciiText(content) : undefined;
  if (ascii !== undefined) return ascii;
  try {
    return strictUtf8.decode(content);
  } catch (cause) {
    throw new WebSocketEventsError(
      'Malformed WebSocket-over-HTTP body: TEXT event content is not valid UTF-8',
      {
        cause,
      },
    );
  }
}

/**
 * Decodes a WebSocket-over-HTTP body (`TYPE[ <hex length>]\r\n[<content>\r\n]`
 * repeated) in one pass: every declared length is checked against the bytes
 * present, TEXT content must be UTF-8, and anything else is refused with a
 * {@link WebSocketEventsError} that says where the body went wrong. Content is
 * a view into `body`, so `body` must not be changed while the events are used.
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
    let space = -1;
    for (let i = pos; i < lineEnd; i++) {
      if (body[i] === SPACE) {
        space = i;
        break;
      }
    }
    const type = readType(body, pos, space === -1 ? lineEnd : space, pos);
    pos = lineEnd + 2;
    if (space === -1) {
      events.push({ type, content: undefined });
      continue;
    }
    const length = readLength(body, space + 1, lineEnd, type);
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
    const content = body.subarray(pos, pos + length);
    pos += length + 2;
    events.push(type === 'TEXT' ? { type, content, text: decodeText(content) } : { type, content });
  }
  return events;
}

/** An event to encode: content as bytes, or as text (sent as UTF-8). */
export interface WebSocketEventInit {
  readonly type: WebSocketEventType;
  readonly content?: Uint8Array | string | undefined;
}

/** Bytes of `text` in UTF-8, as `TextEncoder` writes it (a lone surrogate becomes U+FFFD). */
function utf8Length(text: string): number {
  let length = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) length += 1;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        // Two UTF-16 units, four bytes.
        length += 2;
        i++;
      } else length += 2;
    } else length += 2;
  }
  return length;
}

/**
 * Encodes events for a WebSocket-over-HTTP body. The size is computed first
 * and every event is written once into a single buffer, so the cost is linear
 * in the body whatever the number of events.
 */
export function encodeWebSocketEventsBody(
  events: ReadonlyArray<WebSocketEventInit>,
): Uint8Array<ArrayBuffer> {
  const lengths = new Array<number>(events.length);
  let size = 0;
  for (let i = 0; i < events.length; i++) {
    const { type, content } = events[i]!;
    // A type outside the list could carry a CRLF into the body.
    if (!BY_NAME.has(type)) throw new TypeError(`Unknown WebSocket event type ${JSON.stringify(type)}`);
    size += type.length + 2;
    if (content === undefined) continue;
    const length = typeof content === 'string' ? utf8Length(content) : content.length;
    lengths[i] = length;
    size += 1 + length.toString(16).length + length + 2;
  }
  const out = new Uint8Array(size);
  let pos = 0;
  const ascii = (text: string) => {
    for (let j = 0; j < text.length; j++) out[pos++] = text.charCodeAt(j);
  };
  for (let i = 0; i < events.length; i++) {
    const { type, content } = events[i]!;
    ascii(type);
    if (content !== undefined) {
      const length = lengths[i]!;
      out[pos++] = SPACE;
      ascii(length.toString(16));
      out[pos++] = CR;
      out[pos++] = LF;
      if (typeof content !== 'string') {
        out.set(content, pos);
        pos += length;
      } else if (length === content.length) {
        ascii(content);
      } else {
        encoder.encodeInto(content, out.subarray(pos, pos + length));
        pos += length;
      }
    }
    out[pos++] = CR;
    out[pos++] = LF;
  }
  return out;
}
