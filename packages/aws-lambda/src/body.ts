import { type ResponseBytes, responseBytes } from '@faas-grip/core/adapter';
import { mediaType, WEBSOCKET_EVENTS_CONTENT_TYPE } from '@faas-grip/core/protocol';
import { badEvent, text } from './event-fields.js';
import { isTextMediaType } from './media-type.js';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const utf8 = new TextEncoder();
const SURROGATE = /[\ud800-\udfff]/;

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
  if (isBase64Encoded !== true) return utf8.encode(encoded);
  if (!isBase64(encoded)) badEvent('The event says its body is base64, but it is not');
  // Decoded once, into a buffer of its own (Node's small buffers share a pool).
  const bytes = new Uint8Array(Buffer.byteLength(encoded, 'base64'));
  const written = Buffer.from(bytes.buffer).write(encoded, 'base64');
  return written === bytes.length ? bytes : bytes.slice(0, written);
}

export interface ResultBody {
  body: string;
  isBase64Encoded: boolean;
}

/** The text of UTF-8 bytes, or undefined when they are not UTF-8. */
function utf8Text(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** Base64 of the bytes where they lie, without copying them first. */
function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** Where a result body looks up the response's headers: its Headers, or the plain list core kept. */
export interface HeaderLookup {
  get(name: string): string | null;
}

/** Header lookup in a list of lower-case names as core's `responseBytes` gives it. */
export class HeaderList implements HeaderLookup {
  constructor(private readonly list: readonly (readonly [string, string])[]) {}
  get(name: string): string | null {
    for (const [field, value] of this.list) if (field === name) return value;
    return null;
  }
}

function isTextBody(headers: HeaderLookup): boolean {
  const encoding = headers.get('content-encoding');
  const compressed = encoding !== null && encoding.trim().toLowerCase() !== 'identity';
  return !compressed && isTextMediaType(mediaType(headers.get('content-type')));
}

/**
 * A response body as a Lambda result carries it. WebSocket-over-HTTP bodies
 * hold arbitrary bytes and always go base64; so does anything compressed or
 * of a non-text type. Text that is not valid UTF-8 also goes base64, because
 * a result string would replace those bytes.
 */
export function resultBody(bytes: Uint8Array, headers: HeaderLookup): ResultBody {
  const contentType = headers.get('content-type');
  // Core's own WebSocket-over-HTTP answers carry exactly this: no parsing needed.
  const type = contentType === WEBSOCKET_EVENTS_CONTENT_TYPE ? contentType : mediaType(contentType);
  if (type === WEBSOCKET_EVENTS_CONTENT_TYPE) return { body: base64(bytes), isBase64Encoded: true };
  if (bytes.length === 0) return { body: '', isBase64Encoded: false };
  const text = isTextBody(headers) ? utf8Text(bytes) : undefined;
  return text !== undefined
    ? { body: text, isBase64Encoded: false }
    : { body: base64(bytes), isBase64Encoded: true };
}

/**
 * The result body of a Response. One core built is taken as it was built
 * (text stays the string it was); any other is read from its stream.
 */
export async function responseResultBody(response: Response): Promise<ResultBody> {
  const known = responseBytes(response);
  if (known === undefined) return resultBody(new Uint8Array(await response.arrayBuffer()), response.headers);
  return knownResultBody(known.body, response.headers);
}

/** The result body of a Response core built, from its body as core built it (text stays the string it was). */
export function knownResultBody(body: ResponseBytes['body'], headers: HeaderLookup): ResultBody {
  if (typeof body !== 'string') return resultBody(body ?? new Uint8Array(0), headers);
  // Text with surrogates goes the long way, which turns a lone one into U+FFFD as a Response would.
  if (body !== '' && !SURROGATE.test(body) && isTextBody(headers)) return { body, isBase64Encoded: false };
  return resultBody(utf8.encode(body), headers);
}
