import {
  checkToken,
  hasControlCharacter,
  isPrintableAscii,
  quotedString,
  seconds,
  shown,
} from './header-syntax.js';

/** `Grip-Status`: a code the client will see, and an optional reason phrase. */
export function gripStatusHeader(status: number | { code: number; reason?: string }): string {
  const { code, reason } = typeof status === 'object' && status !== null ? status : { code: status };
  if (typeof code !== 'number' || !Number.isInteger(code) || code < 100 || code > 599) {
    throw new RangeError(`Grip-Status code ${shown(code)} must be an integer from 100 to 599`);
  }
  if (reason === undefined) return String(code);
  // A reason phrase is one line of visible ASCII and spaces; CR or LF would end the status line.
  if (!isPrintableAscii(reason)) {
    throw new TypeError(`Grip-Status reason ${shown(reason)} must be one line of visible ASCII and spaces`);
  }
  // Spaces around a reason mean nothing, and a header value loses them anyway.
  const text = reason.replace(/^ +| +$/g, '');
  return text === '' ? String(code) : `${code} ${text}`;
}

/**
 * `Grip-Set-Meta: name="value", …`. Names are tokens; values are quoted with
 * `\` and `"` escaped, which is how Pushpin reads them back. Values beyond
 * printable ASCII are refused: the proxy would compare other bytes than the
 * ones a publish filter names.
 */
export function gripSetMetaHeader(meta: Readonly<Record<string, string>>): string {
  return Object.entries(meta)
    .map(([name, value]) => {
      checkToken('Grip-Set-Meta name', name);
      if (!isPrintableAscii(value)) {
        throw new TypeError(
          `Grip-Set-Meta value ${shown(value)} for ${shown(name)} must be printable ASCII text (no line breaks or other control characters)`,
        );
      }
      return `${name}=${quotedString(value)}`;
    })
    .join(', ');
}

// Characters a URI may hold as they are (RFC 3986 unreserved and reserved),
// less `;` and `,`, which Pushpin would read as header syntax around `<…>`.
const URI_SAFE = /[A-Za-z0-9\-._~:/?#[\]@!$&'()*+=]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * A URI as it may stand between `<` and `>`: spaces, quotes, angle brackets,
 * `;`, `,`, a `%` that starts no escape, and characters beyond ASCII are
 * percent-encoded (UTF-8). Control characters have no business in a URI and
 * are refused.
 */
export function encodeLinkUri(uri: string): string {
  if (typeof uri !== 'string' || uri === '') {
    throw new TypeError(`Grip-Link URI ${shown(uri)} must be a non-empty string`);
  }
  if (hasControlCharacter(uri, 'no tabs') || LONE_SURROGATE.test(uri)) {
    throw new TypeError(`Grip-Link URI ${shown(uri)} must not contain control characters or lone surrogates`);
  }
  let out = '';
  for (let i = 0; i < uri.length; i++) {
    const ch = uri[i]!;
    if (URI_SAFE.test(ch) || (ch === '%' && /^[0-9A-Fa-f]{2}$/.test(uri.slice(i + 1, i + 3)))) {
      out += ch;
    } else {
      const point = uri.codePointAt(i)!;
      const char = String.fromCodePoint(point);
      out += encodeURIComponent(char);
      i += char.length - 1;
    }
  }
  // The proxy resolves the link against the request's URL: one that cannot
  // be resolved (`http://`, `//`, a host with spaces) is the app's bug.
  try {
    new URL(out, 'http://origin.invalid/');
  } catch {
    throw new TypeError(`Grip-Link URI ${shown(uri)} is not a URI reference the proxy can resolve`);
  }
  return out;
}

/** `Grip-Link: <uri>; rel=next[; timeout=N]`. */
export function gripNextLinkHeader(next: { uri: string; timeout?: number }): string {
  const timeout = next.timeout === undefined ? '' : `; timeout=${seconds('Grip-Link timeout', next.timeout)}`;
  return `<${encodeLinkUri(next.uri)}>; rel=next${timeout}`;
}

/** `Grip-Expose-Headers`: header names, each a token. */
export function gripExposeHeadersHeader(names: readonly string[]): string {
  return names.map((name) => checkToken('Grip-Expose-Headers name', name)).join(', ');
}
