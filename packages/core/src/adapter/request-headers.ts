/**
 * Header reads core makes on every request, served without a `Headers`
 * object when the adapter handed over a plain, already-checked list and the
 * handler has not asked for `request.headers` yet. Building undici's Headers
 * costs more than the rest of a small WebSocket-over-HTTP exchange.
 */

/** Lower-case names → values exactly as `Headers.get` would give them. */
export type PlainHeaders = ReadonlyMap<string, string>;

// Set by the adapter entry, so that bundles without it carry none of it.
let plainHeadersOf: ((request: Request) => PlainHeaders | undefined) | undefined;

/** Lets lazily built requests answer header reads from their plain list. */
export function servePlainHeaders(reader: (request: Request) => PlainHeaders | undefined): void {
  plainHeadersOf = reader;
}

/** `request.headers.get(name)` for a lower-case name, without building Headers when they are not built yet. */
export function requestHeader(request: Request, name: string): string | null {
  const plain = plainHeadersOf?.(request);
  if (plain === undefined) return request.headers.get(name);
  return plain.get(name) ?? null;
}

/**
 * The request's headers in the order `Headers` iterates them (by name),
 * keeping only the names `keep` accepts.
 */
export function requestHeaderEntries(request: Request, keep: (name: string) => boolean): [string, string][] {
  const plain = plainHeadersOf?.(request);
  const entries: [string, string][] = [];
  if (plain === undefined) {
    for (const entry of request.headers) if (keep(entry[0])) entries.push(entry);
    return entries;
  }
  for (const name of plain.keys()) if (keep(name)) entries.push([name, plain.get(name)!]);
  if (entries.length > 1) entries.sort((a, b) => (a[0] < b[0] ? -1 : 1));
  return entries;
}
