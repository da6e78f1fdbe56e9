/**
 * The whole body of a request an adapter built from bytes it already holds,
 * taken without a promise (and marked read, as `arrayBuffer()` would).
 */

// Set by the adapter entry, so that bundles without it carry none of it.
let bodyBytesOf: ((request: Request) => Uint8Array | undefined) | undefined;

/** Lets lazily built requests hand over their body bytes directly. */
export function serveBodyBytes(reader: (request: Request) => Uint8Array | undefined): void {
  bodyBytesOf = reader;
}

/**
 * The body, now read, when the request holds it as bytes and nothing read
 * it yet; else undefined, and the request is untouched (read it as usual).
 */
export function takeBodyBytes(request: Request): Uint8Array | undefined {
  return bodyBytesOf?.(request);
}
