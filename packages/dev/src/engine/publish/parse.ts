import {
  checkHttpResponseFormat,
  checkWebSocketMessageFormat,
  fieldBytes,
  isFieldText,
  isPublishableHeaderName,
  isPublishableStatus,
  isToken,
} from '@faas-grip/core/protocol';
import { fromBase64, utf8 } from '../bytes.js';
import type { HttpResponseAction, HttpStreamAction, PublishItem, WsMessageAction } from './item.js';

/** A publish body the proxy refuses; `message` is what the publisher is told. */
export class PublishFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PublishFormatError';
  }
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(detail: string): never {
  throw new PublishFormatError(`Invalid format: ${detail}`);
}

function optionalString(obj: Json, key: string, where: string): string | undefined {
  const value = obj[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') fail(`${where} contains '${key}' with wrong type`);
  return value;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function base64(obj: Json, key: string, where: string): Uint8Array | undefined {
  const text = optionalString(obj, key, where);
  if (text === undefined) return undefined;
  const compact = text.replace(/\s+/g, '');
  if (compact.length % 4 === 1 || !BASE64.test(compact))
    fail(`${where} contains '${key}' that is not base64`);
  const bytes = fromBase64(compact);
  if (bytes === undefined) fail(`${where} contains '${key}' that is not base64`);
  return bytes;
}

function content(obj: Json, where: string, text: string, bin: string): Uint8Array | undefined {
  const plain = optionalString(obj, text, where);
  const bytes = base64(obj, bin, where);
  if (plain !== undefined && bytes !== undefined) fail(`'${where}' contains both '${text}' and '${bin}'`);
  return plain !== undefined ? utf8(plain) : bytes;
}

/**
 * Runs core's check of a format (the one its publisher makes before sending),
 * so that the proxy accepts exactly what core publishes; its message becomes
 * the refusal.
 */
function coreCheck(check: (format: Json) => void, format: Json): void {
  try {
    check(format);
  } catch (error) {
    if (error instanceof TypeError || error instanceof RangeError) fail(error.message);
    throw error;
  }
}

function parseWsMessage(value: unknown): WsMessageAction {
  if (!isObject(value)) fail(`'ws-message' is not an object`);
  const action = optionalString(value, 'action', `'ws-message'`);
  if (action === 'close') {
    const reason = optionalString(value, 'reason', `'ws-message'`) ?? '';
    // A null code is no code, as core's formats leave it out.
    const code = value.code ?? undefined;
    if (code !== undefined && typeof code !== 'number') fail(`'ws-message' contains 'code' with wrong type`);
    // A sendable code and a reason that fits a close frame, by core's rule.
    coreCheck(checkWebSocketMessageFormat, value);
    return { kind: 'close', code, reason };
  }
  if (action !== undefined && action !== 'send')
    fail(`'ws-message' has unknown action ${JSON.stringify(action)}`);
  const bytes = content(value, `'ws-message'`, 'content', 'content-bin');
  if (bytes === undefined) fail(`'ws-message' does not contain 'content' or 'content-bin'`);
  const type = optionalString(value, 'type', `'ws-message'`);
  if (type !== undefined && type !== 'text' && type !== 'binary' && type !== 'ping' && type !== 'pong') {
    fail(`'ws-message' has unknown type ${JSON.stringify(type)} (text, binary, ping or pong)`);
  }
  const kind = type ?? (value['content-bin'] !== undefined ? 'binary' : 'text');
  // A WebSocket control frame carries at most 125 bytes; core refuses a longer ping or pong.
  coreCheck(checkWebSocketMessageFormat, value);
  return { kind: 'message', type: kind, content: bytes };
}

function parseHttpStream(value: unknown): HttpStreamAction {
  if (!isObject(value)) fail(`'http-stream' is not an object`);
  const action = optionalString(value, 'action', `'http-stream'`);
  if (action === 'close') return { kind: 'close' };
  if (action !== undefined && action !== 'send') {
    fail(`'http-stream' has unknown action ${JSON.stringify(action)}`);
  }
  const bytes = content(value, `'http-stream'`, 'content', 'content-bin');
  if (bytes === undefined) fail(`'http-stream' does not contain 'content' or 'content-bin'`);
  return { kind: 'content', content: bytes };
}

function parseHeaders(value: unknown): Array<[string, string]> {
  if (value === undefined) return [];
  const pairs: Array<[string, unknown]> = Array.isArray(value)
    ? value.map((pair) => {
        if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string') {
          fail(`'http-response' headers list entries must be [name, value] pairs`);
        }
        return [pair[0], pair[1]] as [string, unknown];
      })
    : isObject(value)
      ? Object.entries(value)
      : fail(`'http-response' contains 'headers' with wrong type`);
  return pairs.map(([name, headerValue]) => {
    if (typeof headerValue !== 'string') fail(`headers contains '${name}' with wrong type`);
    if (!isToken(name)) fail(`header name ${JSON.stringify(name)} is not valid`);
    // Framing headers belong to the response the proxy writes, not to a publish.
    if (!isPublishableHeaderName(name)) {
      fail(`header ${JSON.stringify(name)} is set by the proxy, not by a publish`);
    }
    if (!isFieldText(headerValue)) fail(`header ${JSON.stringify(name)} has a value with control characters`);
    // Written as its UTF-8 bytes, as Pushpin writes it.
    return [name, fieldBytes(headerValue)];
  });
}

function parseHttpResponse(value: unknown): HttpResponseAction {
  if (!isObject(value)) fail(`'http-response' is not an object`);
  const action = optionalString(value, 'action', `'http-response'`);
  if (action !== undefined) {
    fail(`'http-response' action ${JSON.stringify(action)} is not supported by the dev proxy`);
  }
  const body = content(value, `'http-response'`, 'body', 'body-bin');
  if (body === undefined) fail(`'http-response' does not contain 'body' or 'body-bin'`);
  // Pushpin takes the code as a number or a numeric string (@fanoutio/grip sends a string).
  const raw = value.code ?? 200;
  const code = typeof raw === 'string' && /^\d{3}$/.test(raw) ? Number(raw) : raw;
  if (!isPublishableStatus(code)) {
    fail(`'http-response' code ${JSON.stringify(value.code)} is not a final HTTP status (200-599)`);
  }
  const reason = optionalString(value, 'reason', `'http-response'`);
  if (reason !== undefined && !isFieldText(reason)) fail(`'http-response' reason has control characters`);
  const headers = parseHeaders(value.headers);
  // Whatever passed above passes core's own check too; running it keeps the two from drifting apart.
  coreCheck(checkHttpResponseFormat, { ...value, code });
  return {
    code,
    reason: reason === undefined ? undefined : fieldBytes(reason),
    headers,
    body,
  };
}

function parseItem(value: unknown): PublishItem {
  if (!isObject(value)) fail('publish item object is not an object');
  const channel = value.channel;
  if (channel === undefined) fail(`publish item object does not contain 'channel'`);
  if (typeof channel !== 'string') fail(`publish item object contains 'channel' with wrong type`);
  if (channel === '') fail(`publish item object has an empty 'channel'`);
  const id = optionalString(value, 'id', 'publish item object');
  const prevId = optionalString(value, 'prev-id', 'publish item object');
  const noSeq = value['no-seq'];
  if (noSeq !== undefined && typeof noSeq !== 'boolean') {
    fail(`publish item object contains 'no-seq' with wrong type`);
  }
  const formats = value.formats;
  if (!isObject(formats)) {
    fail(
      formats === undefined
        ? `publish item object does not contain 'formats'`
        : `publish item object contains 'formats' with wrong type`,
    );
  }
  const known = ['ws-message', 'http-stream', 'http-response'];
  const unknown = Object.keys(formats).filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    fail(`unknown format ${JSON.stringify(unknown[0])} (expected ${known.join(', ')})`);
  }
  if (Object.keys(formats).length === 0) fail('no formats specified');
  return {
    channel,
    id,
    prevId,
    ...(noSeq === true ? { noSeq } : {}),
    wsMessage: formats['ws-message'] === undefined ? undefined : parseWsMessage(formats['ws-message']),
    httpStream: formats['http-stream'] === undefined ? undefined : parseHttpStream(formats['http-stream']),
    httpResponse:
      formats['http-response'] === undefined ? undefined : parseHttpResponse(formats['http-response']),
  };
}

/**
 * Reads a `POST /publish/` body the way Pushpin does (`{"items": [...]}` with
 * `ws-message`, `http-stream` and `http-response` formats), but refuses what
 * Pushpin would silently accept and never deliver (unknown formats, bad
 * base64, close codes, pings and headers that cannot go on the wire), so that
 * whatever it returns can be delivered without failing. The format checks are
 * core's (`@faas-grip/core/protocol`): what core's publisher sends, this takes.
 */
export function parsePublishBody(body: string): PublishItem[] {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new PublishFormatError('Body is not valid JSON.');
  }
  if (!isObject(json)) throw new PublishFormatError('Invalid format.');
  if (json.items === undefined) fail(`object does not contain 'items'`);
  if (!Array.isArray(json.items)) fail(`object contains 'items' with wrong type`);
  // Every item is checked before any is published, and a refusal says which one.
  return json.items.map((item: unknown, index: number) => {
    try {
      return parseItem(item);
    } catch (error) {
      if (error instanceof PublishFormatError) {
        throw new PublishFormatError(`${error.message} (items[${index}])`);
      }
      throw error;
    }
  });
}
