/**
 * The header fields a `Headers` object stores exactly as given (bar the
 * case of the name), so that a plain list of them reads the same as the
 * Headers built from it.
 */

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// Byte characters without NUL, CR, LF or other controls but tab.
const INNER = /^[\t\x20-\x7e\x80-\xff]*$/;

/** An RFC 9110 token: a name Headers accepts. */
export function isPlainName(name: string): boolean {
  return TOKEN.test(name);
}

/** A value Headers accepts and keeps unchanged: no whitespace at either end, no NUL, CR or LF. */
export function isPlainValue(value: string): boolean {
  if (value === '') return true;
  const first = value.charCodeAt(0);
  const last = value.charCodeAt(value.length - 1);
  return first !== 0x20 && first !== 0x09 && last !== 0x20 && last !== 0x09 && INNER.test(value);
}
