import { checkToken, isFieldText, isToken, shown } from '../http/header-syntax.js';

// A field value or reason phrase: anything but control characters (tab
// allowed). The proxy writes them into the client's response as they are, so a
// CR or LF would split it; refusing here says which value is wrong before
// anything is sent, instead of a proxy's 400 or a broken response later.
function checkFieldText(what: string, value: unknown): void {
  if (!isFieldText(value)) {
    throw new TypeError(`${what} ${shown(value)} must be text without line breaks or control characters`);
  }
}

/**
 * Headers that describe the connection the proxy writes on, not the response:
 * Pushpin drops some of them and lets others contradict its own framing, so a
 * publish may not set them.
 */
const CONNECTION_HEADERS = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/**
 * Whether `name` (any case) is a header of one connection (RFC 9110 §7.6.1),
 * which a server or proxy frames for itself and never copies from a message.
 */
export function isConnectionHeader(name: string): boolean {
  return CONNECTION_HEADERS.has(name.toLowerCase());
}

/** Whether `name` (any case) is a header a published `http-response` may carry: a token, not a connection header. */
export function isPublishableHeaderName(name: unknown): name is string {
  return isToken(name) && !isConnectionHeader(name);
}

/**
 * Whether `code` can complete a held request: a final status, 200 to 599. An
 * informational status would leave the client waiting for the real answer,
 * and clients refuse codes past 599.
 */
export function isPublishableStatus(code: unknown): code is number {
  return typeof code === 'number' && Number.isInteger(code) && code >= 200 && code <= 599;
}

/** The `[name, value]` pairs of an `http-response` headers field (an object or a list of pairs). */
function headerPairs(headers: unknown): Array<[unknown, unknown]> {
  if (Array.isArray(headers)) {
    return headers.map((pair: unknown) => {
      if (!Array.isArray(pair) || pair.length !== 2) {
        throw new TypeError(`http-response header ${shown(pair)} must be a [name, value] pair`);
      }
      return [pair[0], pair[1]];
    });
  }
  if (typeof headers === 'object' && headers !== null) return Object.entries(headers);
  throw new TypeError(`http-response headers must be an object or a list of [name, value] pairs`);
}

/**
 * Makes an exported `http-response` format safe to publish: a body (text or
 * base64), `code` a final
 * status from 200 to 599 (a three-digit string becomes that number), `reason`
 * and header values text without control characters, header names tokens
 * other than connection headers. Throws a TypeError or RangeError naming the
 * bad value. The dev proxy accepts exactly what passes.
 */
export function checkHttpResponseFormat(format: Record<string, unknown>): void {
  // Pushpin refuses a response to send without a body; an empty one is `body: ''`.
  if (
    format.action === undefined &&
    typeof format.body !== 'string' &&
    typeof format['body-bin'] !== 'string'
  ) {
    throw new TypeError('http-response needs a body (an empty string for none)');
  }
  if (format.code !== undefined && format.code !== null) {
    const code =
      typeof format.code === 'string' && /^\d{3}$/.test(format.code) ? Number(format.code) : format.code;
    if (!isPublishableStatus(code)) {
      throw new RangeError(`http-response code ${shown(format.code)} must be a final status, 200 to 599`);
    }
    format.code = code;
  }
  // A null reason or headers is a wrong type, as it is to the proxies; formats leave absent fields out.
  if (format.reason !== undefined) checkFieldText('http-response reason', format.reason);
  if (format.headers !== undefined) {
    for (const [name, value] of headerPairs(format.headers)) {
      checkToken('http-response header name', name);
      if (!isPublishableHeaderName(name)) {
        throw new TypeError(`http-response header ${shown(name)} is the proxy's to set, not a publish's`);
      }
      checkFieldText(`http-response header ${shown(name)} value`, value);
    }
  }
}
