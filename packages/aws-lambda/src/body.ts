import { mediaType, WEBSOCKET_EVENTS_CONTENT_TYPE } from '@faas-grip/core';
import { badEvent, text } from './event-fields.js';
import { isTextMediaType } from './media-type.js';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

// A plain character-class loop: a grouped quantifier such as `(?:x{4})*`
// makes V8 recurse once per group and overflow the stack on a body of a few MB.
const BASE64_CHARS = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Standard base64, final padding optional. Node's decoder skips anything else
 * silently, which would hand the handler other bytes than were sent.
 */
function isBase64(text: string): boolean {
  if (!BASE64_CHARS.test(text)) return false;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const data = text.length - padding;
  if (padding === 0) return data % 4 !== 1;
  // `xx==` or `xxx=`: padding only completes the last group of four.
  return data % 4 === 4 - padding;
}

/** The bytes of an event body, which AWS hands over either base64-encoded or as a UTF-8 string. */
export function eventBodyBytes(body: unknown, isBase64Encoded: unknown): Uint8Array<ArrayBuffer> | null {
  if (body === null || body === undefined || body === '') return null;
  const encoded = text(body, 'body');
  if (isBase64Encoded !== true) return Uint8Array.from(Buffer.from(encoded, 'utf8'));
  if (!isBase64(encoded)) badEvent('The event says its body is base64, but it is not');
  return Uint8Array.from(Buffer.from(encoded, 'base64'));
}

export interface ResultBody {
  body: string;
  isBase64Encoded: boolean;
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    strictUtf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * A response body as a Lambda result carries it. WebSocket-over-HTTP bodies
 * hold arbitrary bytes and always go base64; so does anything compressed or
 * of a non-text type. Text that is not valid UTF-8 also goes base64, because
 * a result string would replace those bytes.
 */
export function resultBody(bytes: Uint8Array, headers: Headers): ResultBody {
  const type = mediaType(headers.get('content-type'));
  if (type === WEBSOCKET_EVENTS_CONTENT_TYPE) {
    return { body: Buffer.from(bytes).toString('base64'), isBase64Encoded: true };
  }
  if (bytes.length === 0) return { body: '', isBase64Encoded: false };
  const encoding = headers.get('content-encoding');
  const compressed = encoding !== null && encoding.trim().toLowerCase() !== 'identity';
  if (!compressed && isTextMediaType(type) && isUtf8(bytes)) {
    return { body: Buffer.from(bytes).toString('utf8'), isBase64Encoded: false };
  }
  return { body: Buffer.from(bytes).toString('base64'), isBase64Encoded: true };
}
