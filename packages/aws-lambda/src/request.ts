import { GripError } from '@faas-grip/core';
import { lazyRequest, type PlainHeaders } from '@faas-grip/core/adapter';
import { isToken } from '@faas-grip/core/protocol';
import { badEvent, hasEntries, multiValues, quoted, singleValues } from './event-fields.js';
import { headersOf } from './plain-headers.js';
import { requestUrl } from './request-url.js';

export interface RequestParts {
  method: unknown;
  /** Path as the front door reports it; `?`, `#` and `\` in it belong to the path. */
  path: unknown;
  /** Encoded query string without the `?`. */
  query: string;
  /** The headers, or, when the event's were plain, none: they are built from `plainHeaders` when asked for. */
  headers: Headers | undefined;
  /** The headers as core's plain list, when the event's needed no normalising. */
  plainHeaders?: PlainHeaders | undefined;
  /** `requestContext.domainName`: the host to use when the event carries no Host header. */
  domainName: unknown;
  body: Uint8Array<ArrayBuffer> | null;
}

/**
 * Adds each header of an event to `headers`: all values from the multi-value
 * map when it has any (AWS has already split repeated headers there), else
 * the one-value map.
 */
export function appendHeaders(headers: Headers, single: unknown, multi: unknown): Headers {
  const pairs = hasEntries(multi) ? multiValues(multi, 'multiValueHeaders') : singleValues(single, 'headers');
  for (const [name, value] of pairs) {
    try {
      headers.append(name, value);
    } catch (cause) {
      throw new GripError(400, `The event's header ${quoted(name)} is not valid HTTP`, { cause });
    }
  }
  return headers;
}

// Methods a Web Request cannot carry (CONNECT, TRACE, TRACK) get their 405
// from lazyRequest, as on every adapter that builds one.
function checkedMethod(method: unknown): string {
  if (!isToken(method)) badEvent('The event carries no valid HTTP method');
  return method.toUpperCase();
}

// The same front door sends the same host, path and query over and over (a
// proxy's WebSocket-over-HTTP endpoint): remember the last few checked URLs.
// Only URLs that passed every check are kept; an event that fails is checked
// again each time.
const checkedUrls = new Map<string, string>();
const CHECKED_URLS = 64;

// Length-prefixed, so no two field lists share a key, and null is apart from ''.
function field(value: string | null): string {
  return value === null ? '-' : `${value.length}:${value}`;
}

function header(parts: RequestParts, name: string): string | null {
  return parts.headers !== undefined ? parts.headers.get(name) : (parts.plainHeaders?.get(name) ?? null);
}

function urlOf(parts: RequestParts): string {
  const { domainName, path, query } = parts;
  return requestUrl({ header: (name) => header(parts, name), domainName, path, query }).href;
}

// The very last URL checked, by its fields: most events repeat it, and comparing costs no key.
let last:
  | {
      proto: string | null;
      host: string | null;
      domainName: string | null;
      path: string;
      query: string;
      url: string;
    }
  | undefined;

function checkedUrl(parts: RequestParts): string {
  const { path, domainName, query } = parts;
  if (typeof path !== 'string' || (typeof domainName !== 'string' && domainName != null)) {
    return urlOf(parts);
  }
  const proto = header(parts, 'x-forwarded-proto');
  const host = header(parts, 'host');
  const domain = domainName ?? null;
  if (
    last !== undefined &&
    last.path === path &&
    last.host === host &&
    last.query === query &&
    last.proto === proto &&
    last.domainName === domain
  ) {
    return last.url;
  }
  const key = field(proto) + field(host) + field(domain) + field(path) + field(query);
  let url = checkedUrls.get(key);
  if (url === undefined) {
    url = urlOf(parts);
    if (checkedUrls.size >= CHECKED_URLS) checkedUrls.delete(checkedUrls.keys().next().value!);
    checkedUrls.set(key, url);
  }
  last = { proto, host, domainName: domain, path, query, url };
  return url;
}

/**
 * The Web `Request` a handler sees for one Lambda event, whichever front
 * door it came from. It is built from the event's fields as the handler
 * touches them: a real Request only for what needs one (a body stream,
 * `clone()`, `signal`).
 */
export function buildRequest(parts: RequestParts): Request {
  const method = checkedMethod(parts.method);
  const url = checkedUrl(parts);
  const hasBody = parts.body !== null && method !== 'GET' && method !== 'HEAD';
  const body = hasBody ? parts.body : null;
  const { headers, plainHeaders } = parts;
  if (headers !== undefined) return lazyRequest({ method, url, headers, body });
  const plain = plainHeaders ?? new Map<string, string>();
  return lazyRequest({ method, url, headers: () => headersOf(plain), plainHeaders: plain, body });
}
