import { inheritLazily } from './native-prototype.js';
import { isPlainName, isPlainValue } from './plain-header.js';
import type { ResponseBytes } from './response-registry.js';

type Body = string | Uint8Array<ArrayBuffer> | null;
type HeaderList = [string, string][];

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function unusable(): Promise<never> {
  return Promise.reject(new TypeError('Body is unusable: it has already been read'));
}

const byName = (a: [string, string], b: [string, string]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/**
 * A record of headers as the list a Headers object would iterate (lower-case
 * names, in order), when Headers would store every field as given; else
 * undefined, and a real Headers object checks and normalises them.
 */
function plainList(init: HeadersInit | undefined): HeaderList | undefined {
  if (init === undefined) return [];
  // Only a plain record (so never a Headers object, which is not one).
  if (typeof init !== 'object' || init === null || Object.getPrototypeOf(init) !== Object.prototype) {
    return undefined;
  }
  const list: HeaderList = [];
  const record = init as Record<string, unknown>;
  for (const name of Object.keys(record)) {
    const value = record[name];
    if (typeof value !== 'string' || !isPlainName(name) || !isPlainValue(value)) return undefined;
    list.push([name.toLowerCase(), value]);
  }
  list.sort(byName);
  // The same name twice: Headers would join the values.
  for (let i = 1; i < list.length; i++) if (list[i]![0] === list[i - 1]![0]) return undefined;
  return list;
}

function isValidStatus(status: unknown): boolean {
  return typeof status === 'number' && Number.isInteger(status) && status >= 200 && status <= 599;
}

/** The headers of a BytesResponse as a list, while nothing has asked for its Headers. */
export let plainHeadersOf: (response: BytesResponse) => readonly (readonly [string, string])[] | undefined;

/** The body of a BytesResponse while nothing has read it, with its headers while nothing has asked for them. */
export let unreadBody: (response: BytesResponse) => ResponseBytes | undefined;

/**
 * A Response core built for an adapter that sends bytes, not streams. Making
 * a Response, its Headers and a body stream costs more than the rest of a
 * small answer, so none is made until something asks: status and headers are
 * kept as given (Headers are built on first use of `headers`), and a body
 * stream is that of a real Response with the same bytes, made when `body` is
 * read. `instanceof Response` holds. Only for adapters that read Responses
 * through their public members, never for a runtime that reads its internal
 * state.
 */
export class BytesResponse {
  readonly #bytes: Body;
  readonly #status: number;
  readonly #statusText: string;
  /** The headers while no Headers object was asked for. */
  #plain: HeaderList | undefined;
  #headers: Headers | undefined;
  /** The Response whose stream is the body, once `body` was asked for. */
  #real: Response | undefined;
  #read = false;

  constructor(body: Body, init: ResponseInit) {
    prepareBytesResponse();
    this.#bytes = body;
    const plain =
      isValidStatus(init.status ?? 200) && init.statusText === undefined
        ? plainList(init.headers)
        : undefined;
    if (plain === undefined) {
      // Anything a Response would check or normalise goes through one, which throws what it throws.
      const checked = new Response(null, init);
      this.#status = checked.status;
      this.#statusText = checked.statusText;
      this.#headers = checked.headers;
    } else {
      this.#status = init.status ?? 200;
      this.#statusText = '';
      this.#plain = plain;
    }
  }

  /** Lets this module read a BytesResponse's state; run once, before the first one is made. */
  static prepare(): void {
    plainHeadersOf = (response) => (response.#headers === undefined ? response.#plain : undefined);
    unreadBody = (response) => {
      if (response.#read) return undefined;
      const real = response.#real;
      if (real !== undefined && (real.bodyUsed || real.body?.locked === true)) return undefined;
      const headers = response.#headers === undefined ? response.#plain : undefined;
      return headers === undefined ? { body: response.#bytes } : { body: response.#bytes, headers };
    };
  }

  get status(): number {
    return this.#status;
  }

  get statusText(): string {
    return this.#statusText;
  }

  get ok(): boolean {
    return this.#status >= 200 && this.#status <= 299;
  }

  get type(): ResponseType {
    return 'default';
  }

  get url(): string {
    return '';
  }

  get redirected(): boolean {
    return false;
  }

  get headers(): Headers {
    if (this.#headers === undefined) {
      const headers = new Headers();
      for (const [name, value] of this.#plain ?? []) headers.append(name, value);
      this.#headers = headers;
      this.#plain = undefined;
    }
    return this.#headers;
  }

  get body(): ReadableStream<Uint8Array<ArrayBuffer>> | null {
    if (this.#bytes === null && this.#real === undefined) return null;
    return this.#materialized().body;
  }

  get bodyUsed(): boolean {
    return this.#read || (this.#real?.bodyUsed ?? false);
  }

  #materialized(): Response {
    if (this.#real === undefined) {
      this.#real = new Response(this.#read ? new Uint8Array(0) : this.#bytes);
      // Already read: the stream must say so too.
      if (this.#read) void this.#real.arrayBuffer().catch(() => undefined);
    }
    return this.#real;
  }

  /** The bytes, once; undefined when they were read. */
  #take(): Uint8Array<ArrayBuffer> | undefined {
    if (this.#read) return undefined;
    this.#read = true;
    const body = this.#bytes;
    return typeof body === 'string' ? encoder.encode(body) : (body ?? new Uint8Array(0));
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    if (this.#real !== undefined) return this.#real.arrayBuffer();
    if (this.#bytes === null) return Promise.resolve(new ArrayBuffer(0));
    const bytes = this.#take();
    // A copy: the bytes stay this Response's, for a clone made before.
    if (bytes === undefined) return unusable();
    // ArrayBuffer's slice copies, whatever kind of view the bytes are.
    return Promise.resolve(
      (bytes.buffer as ArrayBuffer).slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
    );
  }

  async bytes(): Promise<Uint8Array<ArrayBuffer>> {
    return new Uint8Array(await this.arrayBuffer());
  }

  async text(): Promise<string> {
    return decoder.decode(await this.arrayBuffer());
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text()) as unknown;
  }

  async blob(): Promise<Blob> {
    const type = this.headers.get('content-type') ?? '';
    return new Blob([await this.arrayBuffer()], { type });
  }

  formData(): Promise<FormData> {
    if (this.bodyUsed) return unusable();
    // Parsing needs the content type, which is this Response's.
    const body = this.#real !== undefined ? this.#real.body : (this.#take() ?? null);
    return new Response(body, { headers: this.headers }).formData();
  }

  clone(): Response {
    if (this.bodyUsed) throw new TypeError('Response.clone: the body has already been read');
    const init = { status: this.status, statusText: this.statusText, headers: this.headers };
    if (this.#real === undefined) return new BytesResponse(this.#bytes, init) as unknown as Response;
    return new Response(this.#real.clone().body, init);
  }
}

/** A real Response with the status, headers and body of `response`, for members a runtime adds later. */
function realResponse(response: BytesResponse): Response {
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

let prepared = false;

/**
 * Readies BytesResponse when the first one is made, not at load, so that a
 * bundle which never sends bytes leaves it out.
 */
export function prepareBytesResponse(): void {
  if (prepared) return;
  prepared = true;
  BytesResponse.prepare();
  // Everything else a Response has (a newer runtime's members, Node's inspect
  // hook) is served by a real Response made on the spot, and Response itself is
  // only touched when something needs it.
  inheritLazily(BytesResponse.prototype, () => Response.prototype, realResponse);
}
