type Body = string | Uint8Array<ArrayBuffer> | null;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function unusable(): Promise<never> {
  return Promise.reject(new TypeError('Body is unusable: it has already been read'));
}

/** The body of a BytesResponse while nothing has read it, else undefined. */
export let unreadBody: (response: BytesResponse) => { body: Body } | undefined;

/**
 * A Response core built for an adapter that sends bytes, not streams. Making
 * a body stream costs more than the rest of a small answer, so one is made
 * only when something asks for `body`: from then on the body is that of a
 * real Response with the same bytes. Status and headers are this Response's
 * own. Only for adapters that read Responses through their public members,
 * never for a runtime that reads its internal state.
 */
export class BytesResponse extends Response {
  readonly #bytes: Body;
  #real: Response | undefined;
  #read = false;

  constructor(body: Body, init: ResponseInit) {
    super(null, init);
    this.#bytes = body;
  }

  static {
    unreadBody = (response) => {
      if (response.#read) return undefined;
      const real = response.#real;
      if (real !== undefined && (real.bodyUsed || real.body?.locked === true)) return undefined;
      return { body: response.#bytes };
    };
    Object.defineProperties(BytesResponse.prototype, {
      body: {
        configurable: true,
        get(this: BytesResponse) {
          if (this.#bytes === null && this.#real === undefined) return null;
          return this.#materialized().body;
        },
      },
      bodyUsed: {
        configurable: true,
        get(this: BytesResponse) {
          return this.#read || (this.#real?.bodyUsed ?? false);
        },
      },
    });
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

  override arrayBuffer(): Promise<ArrayBuffer> {
    if (this.#real !== undefined) return this.#real.arrayBuffer();
    if (this.#bytes === null) return Promise.resolve(new ArrayBuffer(0));
    const bytes = this.#take();
    // A copy: the bytes stay this Response's, for a clone made before.
    return bytes === undefined ? unusable() : Promise.resolve(bytes.slice().buffer);
  }

  override async bytes(): Promise<Uint8Array<ArrayBuffer>> {
    return new Uint8Array(await this.arrayBuffer());
  }

  override async text(): Promise<string> {
    return decoder.decode(await this.arrayBuffer());
  }

  override async json(): Promise<unknown> {
    return JSON.parse(await this.text()) as unknown;
  }

  override async blob(): Promise<Blob> {
    const type = this.headers.get('content-type') ?? '';
    return new Blob([await this.arrayBuffer()], { type });
  }

  override formData(): Promise<FormData> {
    if (this.bodyUsed) return unusable();
    // Parsing needs the content type, which is this Response's.
    const body = this.#real !== undefined ? this.#real.body : (this.#take() ?? null);
    return new Response(body, { headers: this.headers }).formData();
  }

  override clone(): Response {
    if (this.bodyUsed) throw new TypeError('Response.clone: the body has already been read');
    const init = { status: this.status, statusText: this.statusText, headers: this.headers };
    if (this.#real === undefined) return new BytesResponse(this.#bytes, init);
    return new Response(this.#real.clone().body, init);
  }
}
