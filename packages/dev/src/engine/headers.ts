import { isConnectionHeader, mediaType, WEBSOCKET_EVENTS_CONTENT_TYPE } from '@faas-grip/core/protocol';

/**
 * True for a `Content-Type` naming WebSocket events in any spelling: any case,
 * with parameters, padded, or as one entry of a comma-separated list. Pushpin
 * refuses only the lower-case form, but an origin that reads media types
 * case-insensitively (as RFC 9110 says it should) would take the other
 * spellings for the proxy's own traffic, so the dev proxy refuses them all.
 */
export function namesWebSocketEvents(contentType: string | string[] | undefined): boolean {
  const values = Array.isArray(contentType) ? contentType : [contentType ?? ''];
  return values.some((value) =>
    value.split(',').some((part) => mediaType(part) === WEBSOCKET_EVENTS_CONTENT_TYPE),
  );
}

/**
 * Request headers only the proxy may set: a client that sends them is
 * pretending to be the proxy (`Grip-*` signs and instructs, `Connection-Id`
 * and `Meta-*` are WebSocket-over-HTTP state the origin trusts).
 */
export function isProxyOwnedRequestHeader(lowerName: string): boolean {
  return lowerName.startsWith('grip-') || lowerName === 'connection-id' || lowerName.startsWith('meta-');
}

/**
 * Client request headers for the origin, less what a GRIP proxy must not pass
 * on: hop-by-hop headers, the proxy-owned ones, `Content-Length` (set again
 * for the body sent) and whatever `drop` names.
 */
export function originHeaders(
  headers: Record<string, string | string[] | undefined>,
  drop: (lowerName: string) => boolean = () => false,
): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    if (
      isConnectionHeader(name) ||
      isProxyOwnedRequestHeader(name) ||
      name === 'content-length' ||
      drop(name)
    ) {
      continue;
    }
    out[name] = value;
  }
  // A held response gets published bytes appended to the origin's body, so
  // that body must not arrive compressed (workerd compresses when asked).
  out['accept-encoding'] = 'identity';
  return out;
}

/**
 * Response header pairs for the client: hop-by-hop headers, GRIP
 * instructions and anything in `drop` are left out.
 */
export function clientHeaderPairs(
  rawHeaders: ReadonlyArray<readonly [string, string]>,
  drop: (lowerName: string) => boolean,
): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const [name, value] of rawHeaders) {
    const lower = name.toLowerCase();
    if (isConnectionHeader(lower) || lower.startsWith('grip-') || drop(lower)) continue;
    pairs.push([name, value]);
  }
  return pairs;
}

/** Header pairs as Web `Headers` (repeated names appended, as `fetch` reads them). */
export function headersOfPairs(pairs: ReadonlyArray<readonly [string, string]>): Headers {
  const out = new Headers();
  for (const [name, value] of pairs) out.append(name, value);
  return out;
}
