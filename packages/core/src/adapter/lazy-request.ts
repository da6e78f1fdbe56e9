/** What an adapter knows about an incoming request, cheaply. */
export interface LazyRequestInit {
  /** A method a Web Request accepts, already normalised (`GET`, `POST`, ...). */
  method: string;
  /** The absolute URL, already valid. */
  url: string;
  /** The headers, or how to build them on first use. */
  headers: Headers | (() => Headers);
  /**
   * The same headers as lower-case names → values exactly as `Headers.get`
   * gives them, each already checked to be valid HTTP. Core reads these
   * until something asks for `headers`, so a handler that never does costs
   * no Headers object.
   */
  plainHeaders?: PlainHeaders;
  /**
   * The whole body, or how to read it once; null when there is none. Ignored
   * for GET and HEAD, which carry no body.
   */
  body: Uint8Array | (() => Promise<Uint8Array>) | null;
  /** The body as a stream, for a handler that asks for one (default: from `body`). */
  stream?: () => ReadableStream<Uint8Array>;
  /** The signal that aborts when the client goes away, built when asked for. */
  signal?: () => AbortSignal;
}

import { GripError } from '../errors.js';
import { keepsStateInSlot } from '../request-state.js';
import { inheritLazily } from './native-prototype.js';
import { serveBodyBytes } from './request-body.js';
import { type PlainHeaders, servePlainHeaders } from './request-headers.js';
import { answerWithBytes } from './response-bytes.js';

const UNCARRIED_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);
const decoder = new TextDecoder();

function unusable(): Promise<never> {
  return Promise.reject(new TypeError('Body is unusable: it has already been read'));
}

/** Exactly the bytes, in an ArrayBuffer of their own. */
function ownBuffer(bytes: Uint8Array): ArrayBuffer {
  if (
    bytes.byteOffset === 0 &&
    bytes.byteLength === bytes.buffer.byteLength &&
    bytes.buffer instanceof ArrayBuffer
  )
    return bytes.buffer;
  // ArrayBuffer's slice copies; a Node Buffer's slice() would be a view into its pool.
  return (bytes.buffer as ArrayBuffer).slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
}

/**
 * A Request whose method, URL, headers and whole-body reads are served from
 * what the adapter already has; anything else (the body stream, `clone()`,
 * `signal`, `formData()`...) builds the real Request once and delegates to
 * it from then on.
 */
class LazyRequest {
  readonly #init: LazyRequestInit;
  #headers: Headers | undefined;
  #real: Request | undefined;
  /** The body was read without a real Request. */
  #read = false;

  constructor(init: LazyRequestInit) {
    this.#init = init;
  }

  /** Lets core read a lazy Request's headers and body without building it; run once, on first use. */
  static prepare(): void {
    // Everything else a Request has is served by the real one, built on first
    // touch, and Request itself is only touched when something needs it.
    inheritLazily(
      LazyRequest.prototype,
      () => Request.prototype,
      (self) => self.#realRequest(),
    );
    servePlainHeaders((request) => {
      if (!(#init in request)) return undefined;
      const lazy = request as unknown as LazyRequest;
      if (lazy.#real !== undefined || lazy.#headers !== undefined) return undefined;
      return lazy.#init.plainHeaders;
    });
    serveBodyBytes((request) => {
      if (!(#init in request)) return undefined;
      const lazy = request as unknown as LazyRequest;
      if (lazy.#real !== undefined || lazy.#read) return undefined;
      if (!lazy.#hasBody()) return new Uint8Array(0);
      const { body } = lazy.#init;
      if (typeof body === 'function') return undefined;
      lazy.#read = true;
      return body as Uint8Array;
    });
  }

  get method(): string {
    return this.#init.method;
  }

  get url(): string {
    return this.#init.url;
  }

  get headers(): Headers {
    if (this.#real !== undefined) return this.#real.headers;
    if (this.#headers === undefined) {
      const { headers } = this.#init;
      this.#headers = typeof headers === 'function' ? headers() : headers;
    }
    return this.#headers;
  }

  get bodyUsed(): boolean {
    return this.#read || (this.#real?.bodyUsed ?? false);
  }

  #hasBody(): boolean {
    const { method, body } = this.#init;
    return body !== null && method !== 'GET' && method !== 'HEAD';
  }

  /** The whole body once, or null when there is none and reads may repeat. */
  #bytes(): Promise<Uint8Array> | null | undefined {
    if (!this.#hasBody()) return null;
    if (this.#read) return undefined;
    this.#read = true;
    const body = this.#init.body as Uint8Array | (() => Promise<Uint8Array>);
    return typeof body === 'function' ? body() : Promise.resolve(body);
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    if (this.#real !== undefined) return this.#real.arrayBuffer();
    const bytes = this.#bytes();
    if (bytes === undefined) return unusable();
    return bytes === null ? Promise.resolve(new ArrayBuffer(0)) : bytes.then(ownBuffer);
  }

  bytes(): Promise<Uint8Array<ArrayBuffer>> {
    return this.arrayBuffer().then((buffer) => new Uint8Array(buffer));
  }

  text(): Promise<string> {
    if (this.#real !== undefined) return this.#real.text();
    const bytes = this.#bytes();
    if (bytes === undefined) return unusable();
    return bytes === null ? Promise.resolve('') : bytes.then((view) => decoder.decode(view));
  }

  json(): Promise<unknown> {
    if (this.#real !== undefined) return this.#real.json();
    return this.text().then((text) => JSON.parse(text) as unknown);
  }

  blob(): Promise<Blob> {
    if (this.#real !== undefined) return this.#real.blob();
    const type = this.headers.get('content-type') ?? '';
    return this.arrayBuffer().then((buffer) => new Blob([buffer], { type }));
  }

  /** The real Request, built on first need with the same headers and what is left of the body. */
  #realRequest(): Request {
    if (this.#real !== undefined) return this.#real;
    const init = this.#init;
    const request: RequestInit & { duplex?: 'half' } = { method: init.method, headers: this.headers };
    if (init.signal !== undefined) request.signal = init.signal();
    if (this.#read) {
      // Already read: the real one must say so too.
      request.body = new Uint8Array(0);
    } else if (this.#hasBody()) {
      request.body = init.stream !== undefined ? init.stream() : streamOf(init.body!);
      request.duplex = 'half';
    }
    const real = new Request(init.url, request);
    if (this.#read) void real.arrayBuffer().catch(() => undefined);
    this.#real = real;
    return real;
  }
}

function streamOf(body: Uint8Array | (() => Promise<Uint8Array>)): ReadableStream<Uint8Array> {
  return new ReadableStream({
    async pull(controller) {
      const bytes = typeof body === 'function' ? await body() : body;
      if (bytes.length > 0) controller.enqueue(bytes);
      controller.close();
    },
  });
}

let prepared = false;

// Done on the first lazy Request rather than at load, so that a bundle which
// imports this entry only for handleRequest leaves all of it out.
function prepare(): void {
  prepared = true;
  LazyRequest.prepare();
  keepsStateInSlot(LazyRequest.prototype);
  // Whoever builds lazy Requests reads Responses through responseBytes() or their public members.
  answerWithBytes(LazyRequest.prototype);
}

/**
 * A Request for the handler that costs only what the handler uses: method,
 * URL, headers and `arrayBuffer()`/`text()`/`json()`/`blob()`/`bytes()` are
 * served from `init`; any other member builds the real Request once and
 * delegates to it. `instanceof Request` holds.
 */
export function lazyRequest(init: LazyRequestInit): Request {
  // The client's choice of a method no Web Request can carry: refuse it here,
  // not when a handler's clone() fails with a 500.
  if (UNCARRIED_METHODS.has(init.method.toUpperCase())) {
    throw new GripError(405, `The ${init.method.toUpperCase()} method cannot reach a Web handler`);
  }
  if (!prepared) prepare();
  return new LazyRequest(init) as unknown as Request;
}
