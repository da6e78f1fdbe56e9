import { checkToken, hasControlCharacter, shown } from '../http/header-syntax.js';

// A field value or reason phrase: anything but control characters (tab
// allowed). The proxy writes them into the client's response as they are, so a
// CR or LF would split it; refusing here says which value is wrong before
// anything is sent, instead of a proxy's 400 or a broken response later.
function checkFieldText(what: string, value: unknown): void {
  if (typeof value !== 'string' || hasControlCharacter(value, 'tabs allowed')) {
    throw new TypeError(`${what} ${shown(value)} must be text without line breaks or control characters`);
  }
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
 * Makes an exported `http-response` format safe to publish: `code` a number
 * from 100 to 599 (a three-digit string becomes that number), `reason` and
 * header values one line each, header names tokens. Throws a TypeError or
 * RangeError naming the bad value.
 */
export function checkHttpResponseFormat(format: Record<string, unknown>): void {
  if (format.code !== undefined && format.code !== null) {
    const code =
      typeof format.code === 'string' && /^\d{3}$/.test(format.code) ? Number(format.code) : format.code;
    if (typeof code !== 'number' || !Number.isInteger(code) || code < 100 || code > 599) {
      throw new RangeError(`http-response code ${shown(format.code)} must be an integer from 100 to 599`);
    }
    format.code = code;
  }
  if (format.reason !== undefined && format.reason !== null)
    checkFieldText('http-response reason', format.reason);
  if (format.headers !== undefined && format.headers !== null) {
    for (const [name, value] of headerPairs(format.headers)) {
      checkToken('http-response header name', name);
      checkFieldText(`http-response header ${shown(name)} value`, value);
    }
  }
}
