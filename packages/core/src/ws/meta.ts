import { GripError } from '../errors.js';

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// Header values travel as bytes; printable ASCII is what every proxy and runtime keeps intact.
const VALUE = /^[\x20-\x7e]*$/;
// Other text goes percent-encoded behind this marker (RFC 8187's extended-value form).
const ENCODED = "UTF-8''";

/** A meta value as it travels in a header: printable ASCII as is, anything else percent-encoded. */
export function encodeMetaValue(value: string): string {
  return VALUE.test(value) && !value.startsWith(ENCODED) ? value : ENCODED + encodeURIComponent(value);
}

/** The text of a meta value read from a `Meta-*` header. */
export function decodeMetaValue(value: string): string {
  if (!value.startsWith(ENCODED)) return value;
  try {
    return decodeURIComponent(value.slice(ENCODED.length));
  } catch {
    return value;
  }
}

/**
 * `Set-Meta-*` headers for the difference between the meta the request
 * arrived with and the meta the handler left: changed keys are set, removed
 * keys are sent empty (which the proxy takes as removal).
 */
export function metaHeaders(
  original: Record<string, string>,
  current: Record<string, string>,
): Record<string, string> {
  const headers: Record<string, string> = {};
  const next = new Map<string, string>();
  for (const [key, value] of Object.entries(current)) {
    if (value === undefined) continue;
    next.set(key.toLowerCase(), String(value));
  }
  for (const key of Object.keys(original)) {
    if (!next.has(key.toLowerCase())) headers[`Set-Meta-${key}`] = '';
  }
  for (const [key, value] of next) {
    if (original[key] === value) continue;
    if (!TOKEN.test(key)) {
      throw new GripError(500, `WebSocket meta name ${JSON.stringify(key)} is not a valid header name`);
    }
    headers[`Set-Meta-${key}`] = encodeMetaValue(value);
  }
  return headers;
}
