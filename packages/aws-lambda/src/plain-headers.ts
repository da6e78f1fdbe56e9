import type { PlainHeaders } from '@faas-grip/core/adapter';

// A lower-case RFC 9110 token: names an event map holds only once each.
const LOWER_TOKEN = /^[!#$%&'*+\-.^_`|~0-9a-z]+$/;
// Byte characters without NUL, CR or LF (tab allowed inside), and no
// whitespace at either end: a value Headers keeps exactly as it is.
const INNER = /^[\t\x20-\x7e\x80-\xff]*$/;

/** A value Headers stores exactly as it is. */
export function isPlainValue(value: string): boolean {
  if (value === '') return true;
  const first = value.charCodeAt(0);
  const last = value.charCodeAt(value.length - 1);
  return first !== 0x20 && first !== 0x09 && last !== 0x20 && last !== 0x09 && INNER.test(value);
}

/**
 * A one-value header map as the plain list
 * core reads headers from, when every name is a lower-case token and every
 * value one that a Headers object stores unchanged: then the list holds what
 * `Headers.get` would give. Anything else gives undefined, and the event goes
 * through Headers, which normalises it or refuses it as invalid HTTP. Payload
 * 2.0 events carry lower-case names already.
 */
export function plainHeaders(single: unknown): Map<string, string> | undefined {
  if (single !== null && single !== undefined && (typeof single !== 'object' || Array.isArray(single))) {
    return undefined;
  }
  const plain = new Map<string, string>();
  if (single) {
    const fields = single as Record<string, unknown>;
    for (const name of Object.keys(fields)) {
      const value = fields[name];
      if (value === null || value === undefined) continue;
      if (typeof value !== 'string' || !LOWER_TOKEN.test(name) || !isPlainValue(value)) return undefined;
      plain.set(name, value);
    }
  }
  return plain;
}

/** The Headers holding the same fields as a plain list. */
export function headersOf(plain: PlainHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of plain) headers.append(name, value);
  return headers;
}
