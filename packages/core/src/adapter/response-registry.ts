/**
 * What core records about the Responses it builds, for adapters: the bytes
 * of each, and which requests are answered by an adapter that takes bytes.
 */

/**
 * The body of a Response core built, as core built it. A string is text (sent
 * as UTF-8); null is no body.
 */
export interface ResponseBytes {
  body: string | Uint8Array<ArrayBuffer> | null;
  /**
   * The headers as `Headers` would iterate them (lower-case names in order,
   * values as stored), while nothing has asked for the Response's `headers`;
   * otherwise absent, and the headers are the Response's.
   */
  headers?: readonly (readonly [string, string])[];
}

type Maker = (body: ResponseBytes['body'], init: ResponseInit) => Response;

// Keyed by the exact Response object: a copy or a re-wrap of it is not known,
// so an adapter falls back to reading its stream.
const known = new WeakMap<Response, ResponseBytes>();

// Marks requests (and the contexts made for them) whose adapter sends core's
// Responses from their bytes and reads any other through public members. A
// property, not a WeakSet: it costs nothing per request when on a prototype.
const TAKES_BYTES = Symbol('faas-grip takes bytes');

// Set by the adapter entry, so that bundles without it carry none of it.
let makeBytesResponse: Maker | undefined;

type HeaderPeek = (response: Response) => readonly (readonly [string, string])[] | undefined;

// Also set by the adapter entry: the header list of a Response it made, while unbuilt.
let peekHeaders: HeaderPeek | undefined;

/**
 * The headers of a Response as `Headers` would iterate them, without making
 * a Headers object for a Response core built for a bytes-taking adapter.
 */
export function headerEntries(response: Response): Iterable<readonly [string, string]> {
  return peekHeaders?.(response) ?? response.headers;
}

/** One header of a Response, read as {@link headerEntries} reads them. */
export function responseHeader(response: Response, name: string): string | null {
  const list = peekHeaders?.(response);
  if (list === undefined) return response.headers.get(name);
  for (const [key, value] of list) if (key === name) return value;
  return null;
}

/** Marks a request (or its prototype), or a context made for one, as answered by an adapter that takes bytes. */
export function takesBytes(owner: object, maker?: Maker, peek?: HeaderPeek): void {
  if (maker !== undefined) makeBytesResponse = maker;
  if (peek !== undefined) peekHeaders = peek;
  // A plain assignment: V8 caches the shape change, which defineProperty would not make cheap.
  (owner as { [TAKES_BYTES]?: boolean })[TAKES_BYTES] = true;
}

/** Whether {@link takesBytes} marked `owner`. */
export function isBytesTaker(owner: object): boolean {
  return (owner as { [TAKES_BYTES]?: boolean })[TAKES_BYTES] === true;
}

/**
 * A Response core builds from a body nobody else holds (a fresh encoding,
 * a string). For an adapter that takes bytes it has no stream until one is
 * asked for; otherwise its bytes are recorded beside it.
 */
export function coreResponse(
  body: ResponseBytes['body'],
  init: ResponseInit,
  owner: object | undefined,
): Response {
  if (owner !== undefined && makeBytesResponse !== undefined && isBytesTaker(owner)) {
    return makeBytesResponse(body, init);
  }
  const response = new Response(body, init);
  known.set(response, { body });
  return response;
}

/** A `text/plain` Response core answers with. */
export function textResponse(text: string, status: number, owner?: object): Response {
  return coreResponse(text, { status, headers: { 'Content-Type': 'text/plain' } }, owner);
}

/** The recorded bytes of a Response built by {@link coreResponse} with a stream, while it is unread. */
export function recordedBytes(response: Response): ResponseBytes | undefined {
  const entry = known.get(response);
  if (entry === undefined) return undefined;
  if (response.bodyUsed || response.body?.locked === true) return undefined;
  return entry;
}
