/** A request the engine makes of the origin. */
export interface OriginRequest {
  method: string;
  /** Path and query, as the client asked for them. */
  path: string;
  /** Lower-case names; a list is one header sent several times. */
  headers: Record<string, string | string[]>;
  body: Uint8Array;
  /** The proxy no longer wants the answer (a time limit, the client leaving, shutdown). */
  signal?: AbortSignal;
}

/** The origin's answer, before its body is read. */
export interface OriginAnswer {
  status: number;
  statusText: string;
  /** Name/value pairs as the origin sent them, in order, names in their own case. */
  rawHeaders: ReadonlyArray<readonly [string, string]>;
  /** The whole body, up to `limit` bytes; rejects past it or when the body fails. */
  read(limit: number): Promise<Uint8Array>;
  /** The body as it comes, for passing on unread (once, instead of `read`). */
  chunks(): AsyncIterable<Uint8Array>;
  /** Gives up the body unread. */
  discard(): void;
}

/**
 * Where origin requests go. `send` rejects when no answer came at all;
 * `retryable` tells such a failure that is worth trying again (the origin
 * is restarting).
 */
export interface OriginExchange {
  send(request: OriginRequest): Promise<OriginAnswer>;
  retryable(error: unknown): boolean;
}

/** A handler of Web Requests: the origin as the testing kit (or any in-process caller) has it. */
export type OriginHandler = (request: Request) => Promise<Response>;

/** The first value of a header (as Node and Pushpin read Content-Type), case-insensitively. */
export function firstHeader(answer: Pick<OriginAnswer, 'rawHeaders'>, lowerName: string): string | undefined {
  for (const [name, value] of answer.rawHeaders) if (name.toLowerCase() === lowerName) return value;
  return undefined;
}

/** Every value of a header joined with `, `, or undefined when absent. */
export function joinedHeader(
  answer: Pick<OriginAnswer, 'rawHeaders'>,
  lowerName: string,
): string | undefined {
  let out: string | undefined;
  for (const [name, value] of answer.rawHeaders) {
    if (name.toLowerCase() === lowerName) out = out === undefined ? value : `${out}, ${value}`;
  }
  return out;
}

/** A body over the limit it was read with. */
export class AnswerTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`body is larger than ${limit} bytes`);
    this.name = 'AnswerTooLargeError';
  }
}

async function readLimited(
  reader: ReadableStreamDefaultReader<Uint8Array> | undefined,
  limit: number,
): Promise<Uint8Array> {
  if (reader === undefined) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      void reader.cancel().catch(() => undefined);
      throw new AnswerTooLargeError(limit);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/** The chunks a reader gives (not every runtime's types make a stream iterable). */
async function* chunksOf(
  reader: ReadableStreamDefaultReader<Uint8Array> | undefined,
): AsyncGenerator<Uint8Array> {
  if (reader === undefined) return;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    yield value;
  }
}

/**
 * A Web Response as an origin answer. Its body is read (whole or as chunks)
 * through one reader, which `discard` cancels even while a read is pending:
 * a read may wait for a handler that never writes again.
 */
export function answerOf(response: Response): OriginAnswer {
  const rawHeaders: Array<[string, string]> = [];
  for (const [name, value] of response.headers) if (name !== 'set-cookie') rawHeaders.push([name, value]);
  for (const cookie of response.headers.getSetCookie()) rawHeaders.push(['set-cookie', cookie]);
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  const take = () => {
    reader ??= response.body?.getReader();
    return reader;
  };
  return {
    status: response.status,
    statusText: response.statusText,
    rawHeaders,
    read: (limit) => readLimited(take(), limit),
    chunks: () => chunksOf(take()),
    discard: () => {
      void take()
        ?.cancel()
        .catch(() => undefined);
    },
  };
}

/** A Web Request for an origin request, at `base` (the origin's URL) plus the request's path. */
export function requestOf(request: OriginRequest, base: string): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  return new Request(new URL(request.path, base), {
    method: request.method,
    headers,
    ...(hasBody ? { body: request.body as Uint8Array<ArrayBuffer> } : {}),
    ...(request.signal === undefined ? {} : { signal: request.signal }),
  });
}

/**
 * An origin that is a function of Web Requests, called in process: nothing is
 * retried, since a handler that throws would throw again.
 */
export function handlerOrigin(handler: OriginHandler, base = 'http://localhost'): OriginExchange {
  return {
    send: async (request) => answerOf(await handler(requestOf(request, base))),
    retryable: () => false,
  };
}
