// What may stand in a header value that the proxy will split and parse.
// Proxies read Grip-* headers as bytes, and runtimes disagree on how a
// character above U+007F becomes a byte (Latin-1 in Node, UTF-8 through
// API Gateway), so text from the app is kept to printable ASCII or escaped.

/** An HTTP token (RFC 9110 `tchar`): header names, meta names. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

const utf8 = new TextEncoder();

/** Visible ASCII and space. */
const PRINTABLE = /^[\x20-\x7e]*$/;

/** The value quoted for an error message: control characters escaped, long values cut. */
export function shown(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'string') return typeof value === 'number' ? String(value) : typeof value;
  const text = value.length > 80 ? `${value.slice(0, 80)}…` : value;
  return JSON.stringify(text);
}

export function isToken(value: unknown): value is string {
  return typeof value === 'string' && TOKEN.test(value);
}

export function isPrintableAscii(value: unknown): value is string {
  return typeof value === 'string' && PRINTABLE.test(value);
}

/**
 * Whether `value` may be a header value or reason phrase in a response the
 * proxy writes: any text without control characters (tab allowed), so it
 * cannot split the response. Characters above U+007F are allowed: Pushpin
 * writes them as their UTF-8 bytes (see {@link fieldBytes}).
 */
export function isFieldText(value: unknown): value is string {
  return typeof value === 'string' && !hasControlCharacter(value, 'tabs allowed');
}

/**
 * The bytes Pushpin puts on the wire for field text (its UTF-8 encoding), one
 * character per byte: the form Node's `http` module writes byte for byte.
 */
export function fieldBytes(value: string): string {
  let ascii = true;
  for (let i = 0; i < value.length && ascii; i++) ascii = value.charCodeAt(i) < 0x80;
  if (ascii) return value;
  let out = '';
  for (const byte of utf8.encode(value)) out += String.fromCharCode(byte);
  return out;
}

/** Whether `value` holds a C0 control character or DEL; a tab counts only when `tabs` is false. */
export function hasControlCharacter(value: string, tabs: 'tabs allowed' | 'no tabs'): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if ((code < 0x20 && !(code === 0x09 && tabs === 'tabs allowed')) || code === 0x7f) return true;
  }
  return false;
}

/** Throws a TypeError naming `what` unless `value` is an HTTP token. */
export function checkToken(what: string, value: unknown): string {
  if (!isToken(value)) {
    throw new TypeError(
      `${what} ${shown(value)} must be an HTTP token (letters, digits and !#$%&'*+-.^_\`|~, no spaces)`,
    );
  }
  return value;
}

/** `"value"`, with `\` and `"` escaped as a quoted-string (RFC 9110) and as Pushpin unescapes it. */
export function quotedString(value: string): string {
  return `"${value.replace(/[\\"]/g, '\\$&')}"`;
}

/** Throws a RangeError unless `value` is a whole number of seconds the proxy can read (1 to 2^31-1, after rounding up). */
export function seconds(what: string, value: unknown): number {
  const rounded = typeof value === 'number' ? Math.ceil(value) : Number.NaN;
  if (!(rounded >= 1 && rounded <= 2_147_483_647)) {
    throw new RangeError(`${what} must be a positive number of seconds, got ${shown(value)}`);
  }
  return rounded;
}
