import { GripError } from '../errors.js';
import { isToken } from '../http/header-syntax.js';

// Header values travel as bytes; printable ASCII is what every proxy and runtime keeps intact.
// Leading and trailing spaces are not: HTTP strips them, so they are encoded too.
const VALUE = /^(?:[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?)?$/;
// Other text goes percent-encoded behind this marker (RFC 8187's extended-value form).
const ENCODED = "UTF-8''";
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * The meta entry that carries core's MAC over the connection's meta. It is
 * never shown in `ws.meta` and cannot be set by a handler.
 */
export const META_MAC_NAME = 'faas-grip-mac';

/**
 * A meta value as it travels in a header: printable ASCII as is, anything else
 * percent-encoded. An empty value is encoded too, since an empty `Set-Meta-*`
 * means removal; the result never holds a control character, so it cannot
 * end a header or start another.
 */
export function encodeMetaValue(value: string): string {
  if (value !== '' && VALUE.test(value) && !value.startsWith(ENCODED)) return value;
  // A lone surrogate has no UTF-8 form (encodeURIComponent would throw): it becomes U+FFFD, as in TextEncoder.
  return ENCODED + encodeURIComponent(value.replace(LONE_SURROGATE, '\ufffd'));
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

/** Why `name` cannot name a meta entry, or undefined when it can. */
function metaNameProblem(name: string): string | undefined {
  if (name === '') return 'is empty';
  if (!isToken(name)) return "is not a header token (letters, digits and !#$%&'*+.^_`|~- only)";
  const key = name.toLowerCase();
  if (key === META_MAC_NAME) return 'is reserved for the meta MAC';
  // Assigning __proto__ on a plain object would not create an entry.
  if (key === '__proto__') return 'is reserved';
  return undefined;
}

/**
 * The canonical (lower-case) form of a meta name a handler gave.
 * @throws {TypeError} when the name cannot travel as `Set-Meta-<name>`.
 */
export function metaName(name: string): string {
  const problem = typeof name === 'string' ? metaNameProblem(name) : 'is not a string';
  if (problem !== undefined) {
    throw new TypeError(`WebSocket meta name ${JSON.stringify(name)} ${problem}`);
  }
  return name.toLowerCase();
}

/** True for a `Meta-*` name that may appear in `ws.meta`. */
export function isVisibleMetaName(name: string): boolean {
  return metaNameProblem(name) === undefined;
}

/**
 * `Set-Meta-*` headers for the difference between the meta the request
 * arrived with and the meta the handler left: changed keys are set, removed
 * keys are sent empty (which the proxy takes as removal).
 */
export function metaHeaders(
  original: Readonly<Record<string, string>>,
  current: Readonly<Record<string, string>>,
): Record<string, string> {
  const headers: Record<string, string> = {};
  const next = new Map<string, string>();
  for (const [key, value] of Object.entries(current)) {
    if (value === undefined) continue;
    let name: string;
    try {
      name = metaName(key);
    } catch (error) {
      throw new GripError(500, (error as Error).message);
    }
    next.set(name, String(value));
  }
  for (const key of Object.keys(original)) {
    if (!next.has(key)) headers[`Set-Meta-${key}`] = '';
  }
  for (const [key, value] of next) {
    if (original[key] !== value) headers[`Set-Meta-${key}`] = encodeMetaValue(value);
  }
  return headers;
}
