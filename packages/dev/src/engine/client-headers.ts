import { originHeaders } from './headers.js';

/** On a WebSocket, the client's own versions of these are replaced by the proxy's. */
export const replacedOnWebSockets = (lowerName: string): boolean =>
  lowerName === 'accept' || lowerName === 'sec-websocket-extensions' || lowerName === 'content-type';

/**
 * A client's request headers as the proxy passes them to the origin: no
 * hop-by-hop headers, none the proxy owns (`Grip-*`, `Connection-Id`,
 * `Meta-*`), nothing `drop` names.
 */
export function forwardedHeaders(
  headers: Record<string, string | string[] | undefined> | Headers,
  drop?: (lowerName: string) => boolean,
): Record<string, string | string[]> {
  if (!(headers instanceof Headers)) return originHeaders(headers, drop);
  const record: Record<string, string> = {};
  headers.forEach((value, name) => {
    record[name] = value;
  });
  return originHeaders(record, drop);
}
