import {
  type HttpClient,
  type HttpDeps,
  type OriginAnswer,
  proxyHttpRequest,
  type ResponseHead,
} from '@faas-grip/dev/engine';
import { withDeadline } from './deadline.js';
import { KitStream, type TestStream } from './stream.js';

/** The outcome of one HTTP request through the proxy. */
export type HttpOutcome =
  | { kind: 'response'; response: Response }
  | { kind: 'long-poll'; response: Promise<Response>; channels: string[] }
  | { kind: 'stream'; stream: TestStream; channels: string[] };

/** Statuses whose responses have no body (`new Response` refuses one). */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/** An origin body as a Web stream, read as the test reads the Response. */
function bodyOf(answer: OriginAnswer): ReadableStream<Uint8Array> {
  const iterator = answer.chunks()[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await iterator.next();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel: () => answer.discard(),
  });
}

/**
 * The kit's side of one request: the engine answers it through this object,
 * and the test sees a `Response`, a long-poll's pending `Response` or a
 * `TestStream`, whichever the proxy made of the handler's answer.
 */
class OutcomeClient implements HttpClient {
  started = false;
  closed = false;
  readonly backlog = 0;
  private readonly listeners: Array<() => void> = [];
  private stream: KitStream | undefined;
  /** A long-poll the handler, asked again, answered with a stream: its Response's body. */
  private body: ReadableStreamDefaultController<Uint8Array> | undefined;
  private heldFor: { resolve(response: Response): void; reject(error: Error): void } | undefined;
  private settle: ((outcome: HttpOutcome) => void) | undefined;
  private fail: ((error: Error) => void) | undefined;
  readonly outcome: Promise<HttpOutcome>;

  constructor(
    private readonly method: string,
    private readonly path: string,
    private readonly timeoutMs: number,
  ) {
    this.outcome = new Promise((resolve, reject) => {
      this.settle = resolve;
      this.fail = reject;
    });
  }

  private response(head: ResponseHead, body: BodyInit | null): Response {
    const empty = NULL_BODY_STATUSES.has(head.status) || this.method === 'HEAD';
    const response = new Response(empty ? null : body, {
      status: head.status,
      ...(head.statusText === '' ? {} : { statusText: head.statusText }),
      headers: head.headers,
    });
    return response;
  }

  /** The final answer: the outcome itself, or the completion of a long-poll already reported. */
  private answer(response: Response): void {
    this.started = true;
    const held = this.heldFor;
    this.heldFor = undefined;
    if (held !== undefined) held.resolve(response);
    else this.settle?.({ kind: 'response', response });
    this.finish();
  }

  respond(head: ResponseHead, body: Uint8Array): void {
    if (this.closed) return;
    this.answer(this.response(head, body as Uint8Array<ArrayBuffer>));
  }

  passOn(head: ResponseHead, answer: OriginAnswer): void {
    if (this.closed) {
      answer.discard();
      return;
    }
    const response = this.response(head, bodyOf(answer));
    // A bodyless answer (HEAD, 204) leaves the handler's body unread: give it up.
    if (response.body === null) answer.discard();
    this.answer(response);
  }

  startStream(head: ResponseHead): void {
    this.started = true;
    const held = this.heldFor;
    if (held !== undefined) {
      // The long-poll's Response is already promised: it becomes a streamed one, as an HTTP client would see it.
      this.heldFor = undefined;
      const body = new ReadableStream<Uint8Array>({
        start: (controller) => {
          this.body = controller;
        },
        cancel: () => {
          // The test stopped reading: the client leaves.
          this.body = undefined;
          this.finish();
        },
      });
      held.resolve(this.response(head, body));
      return;
    }
    this.stream = new KitStream(
      head.status,
      new Headers(head.headers),
      () => this.finish(),
      this.timeoutMs,
      this.path,
    );
  }

  held(mode: 'long-poll' | 'stream', channels: readonly string[]): void {
    if (mode === 'stream' && this.stream !== undefined) {
      this.settle?.({ kind: 'stream', stream: this.stream, channels: [...channels] });
      return;
    }
    if (mode !== 'long-poll' || this.heldFor !== undefined) return;
    const response = new Promise<Response>((resolve, reject) => {
      this.heldFor = { resolve, reject };
    });
    this.settle?.({ kind: 'long-poll', response, channels: [...channels] });
  }

  write(data: Uint8Array): void {
    this.stream?.push(data);
    this.body?.enqueue(data.slice());
  }

  end(): void {
    this.finish();
  }

  abort(): void {
    this.failWaiting({
      request: new Error(`the proxy dropped ${this.method} ${this.path} before answering it`),
      longPoll: new Error(`the proxy dropped the long-poll of ${this.path}`),
      stream: new Error(`the proxy dropped the stream of ${this.path}`),
    });
  }

  /** The test gave up on the request (its `signal` aborted): the client leaves, and what waits fails. */
  leave(reason: unknown): void {
    const error =
      reason instanceof Error ? reason : new Error(`the test aborted ${this.method} ${this.path}`);
    this.failWaiting({ request: error, longPoll: error, stream: error });
  }

  /** Fails whatever still waits (the outcome if not settled, a long-poll's Response, a streamed body), then ends. */
  private failWaiting(errors: { request: Error; longPoll: Error; stream: Error }): void {
    this.heldFor?.reject(errors.longPoll);
    this.heldFor = undefined;
    // A settled outcome ignores this.
    this.fail?.(errors.request);
    this.body?.error(errors.stream);
    this.body = undefined;
    this.finish();
  }

  onClose(listener: () => void): void {
    this.listeners.push(listener);
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    this.stream?.end();
    this.body?.close();
    this.body = undefined;
    for (const listener of this.listeners.splice(0)) listener();
  }
}

/**
 * Sends one HTTP request through the engine's HTTP holds, as the dev proxy
 * does: an ordinary answer comes back at once; a long-poll once it is held
 * (its `response` settles later); a stream once its head is sent.
 */
export async function sendHttp(
  deps: HttpDeps,
  path: string,
  init: RequestInit,
  host: string,
  timeoutMs: number,
): Promise<HttpOutcome> {
  const request = new Request(new URL(path, `http://${host}`), init);
  const body = new Uint8Array(await request.arrayBuffer());
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const client = new OutcomeClient(request.method, path, timeoutMs);
  const signal = init.signal ?? undefined;
  if (signal?.aborted) throw signal.reason;
  signal?.addEventListener('abort', () => client.leave(signal.reason), { once: true });
  const exchange = proxyHttpRequest(deps, { method: request.method, path, headers, host, body }, client);
  return withDeadline(
    Promise.race([client.outcome, exchange.then(() => client.outcome)]),
    timeoutMs,
    () => `waited ${timeoutMs} ms for the handler to answer ${request.method} ${path}`,
  );
}
