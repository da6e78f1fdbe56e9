import { GripError } from '@faas-grip/core';
import { originFor } from './authority.js';

/** Where each front door's event says the request went. */
export interface UrlParts {
  /** A request header by lower-case name, as `Headers.get` gives it. */
  header: (name: string) => string | null;
  /** `requestContext.domainName`, set by API Gateway and function URLs; used when there is no Host header. */
  domainName: unknown;
  /** Path as the front door reports it; `?`, `#` and `\` in it belong to the path. */
  path: unknown;
  /** Encoded query string without the `?`; `#` in it belongs to the query. */
  query: string;
}

// Tab, CR and LF would be dropped by the URL parser and the rest encoded; none can arrive in a valid request line.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this finds
const CONTROL = /[\u0000-\u001f\u007f]/;

function firstValue(value: string | null): string | undefined {
  const first = value?.split(',', 1)[0]?.trim();
  return first === '' ? undefined : first;
}

function checkedPath(path: unknown): string {
  if (typeof path !== 'string' || path === '') {
    throw new GripError(400, 'The event carries no path');
  }
  if (!path.startsWith('/')) throw new GripError(400, 'The path does not start with /');
  if (CONTROL.test(path)) throw new GripError(400, 'The path holds a control character');
  return path;
}

/**
 * The URL a handler sees, the same way for every front door. The origin comes
 * from the Host header (else the API's domain name) only once it has been
 * checked to be a host; the path and query are then set through the URL's own
 * setters, so nothing in them can become part of the host, and nothing in
 * the host can become part of the path. `?` and `#` in the path and `#` in
 * the query are percent-encoded; `\` in the path is too, where the URL parser
 * would otherwise read it as `/`. Dot segments are resolved as the URL
 * standard does (`/a/../b` is `/b`, and no path climbs above `/`).
 */
export function requestUrl(parts: UrlParts): URL {
  const proto = firstValue(parts.header('x-forwarded-proto'))?.toLowerCase();
  const scheme = proto === 'http' ? 'http' : 'https';
  const host = parts.header('host');
  const url =
    host !== null
      ? originFor(scheme, host, 'Host header')
      : typeof parts.domainName === 'string'
        ? originFor(scheme, parts.domainName, "event's domainName")
        : new URL(`${scheme}://localhost/`);
  url.pathname = checkedPath(parts.path).replaceAll('\\', '%5C');
  if (CONTROL.test(parts.query)) throw new GripError(400, 'The query holds a control character');
  // The setter drops one leading `?`, so a query that itself starts with `?` keeps it.
  url.search = parts.query === '' ? '' : `?${parts.query}`;
  return url;
}
