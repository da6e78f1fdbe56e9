import { isPlainValue, type PlainHeaders } from '@faas-grip/core/adapter';

// A lower-case RFC 9110 token: names an event map holds only once each.
const LOWER_TOKEN = /^[!#$%&'*+\-.^_`|~0-9a-z]+$/;

// Names already found to be lower-case tokens: events repeat the same few.
const knownNames = new Set<string>();
const KNOWN_NAMES = 256;

function isLowerToken(name: string): boolean {
  if (knownNames.has(name)) return true;
  if (!LOWER_TOKEN.test(name)) return false;
  if (knownNames.size >= KNOWN_NAMES) knownNames.clear();
  knownNames.add(name);
  return true;
}

/**
 * A one-value header map as the plain list core reads headers from, when
 * every name is a lower-case token and every value one that a Headers object
 * stores unchanged: then the list holds what `Headers.get` would give.
 * Anything else gives undefined, and the event goes through Headers, which
 * normalises it or refuses it as invalid HTTP. Payload 2.0 events carry
 * lower-case names already.
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
      if (typeof value !== 'string' || !isLowerToken(name) || !isPlainValue(value)) return undefined;
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
