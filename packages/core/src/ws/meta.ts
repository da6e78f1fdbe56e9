import { GripError } from '../errors.js';

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// Header values travel as bytes; printable ASCII is what every proxy and runtime keeps intact.
const VALUE = /^[\x20-\x7e]*$/;

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
    if (!VALUE.test(value)) {
      throw new GripError(
        500,
        `WebSocket meta ${JSON.stringify(key)} must be printable ASCII; encode other text (for example with encodeURIComponent)`,
      );
    }
    headers[`Set-Meta-${key}`] = value;
  }
  return headers;
}
