import { mediaType, WEBSOCKET_EVENTS_CONTENT_TYPE } from '@faas-grip/core';
import { badEvent, text } from './event-fields.js';
import { isTextMediaType } from './media-type.js';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

// Standard alphabet, final padding optional. Node's decoder skips anything else silently, which would
// hand the handler different bytes than were sent.
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$/;

/** The bytes of an event body, which AWS hands over either base64-encoded or as a UTF-8 string. */
export function eventBodyBytes(body: unknown, isBase64Encoded: unknown): Uint8Array<ArrayBuffer> | null {
  if (body === null || body === undefined || body === '') return null;
  const encoded = text(body, 'body');
  if (isBase64Encoded !== true) return Uint8Array.from(Buffer.from(encoded, 'utf8'));
  if (!BASE64.test(encoded)) badEvent('The event says its body is base64, but it is not');
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
