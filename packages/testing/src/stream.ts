import { withDeadline } from './deadline.js';

const decoder = new TextDecoder();

/** A held HTTP stream as the test reads it (from `proxy.stream()` or `proxy.request()`). */
export interface TestStream {
  /** The status the client got. */
  readonly status: number;
  /** The response headers the client got. */
  readonly headers: Headers;
  /** Path and query of the request. */
  readonly path: string;
  /** Every chunk of the body so far, as text. */
  readonly chunks: readonly string[];
  /** The whole body so far. */
  readonly text: string;
  /** False once the stream has ended. */
  readonly isOpen: boolean;
  /** Resolves when the stream ends: a `close` action, the client leaving, or the proxy restarting. */
  readonly ended: Promise<void>;
  /** The next chunk of the body (the handler's own body first, then each published item), with a deadline. */
  next(options?: { timeoutMs?: number }): Promise<string>;
  /** The client leaves. */
  close(): void;
}

/** The kit's side of a held stream: the engine pushes to it, the test reads it as a {@link TestStream}. */
export class KitStream implements TestStream {
  /** Every chunk of the body so far, as text. */
  readonly chunks: string[] = [];
  private unread: string[] = [];
  private waiters: Array<() => void> = [];
  private finished = false;
  private resolveEnded!: () => void;
  /** Resolves when the stream ends: a `close` action, the client leaving, or the proxy restarting. */
  readonly ended: Promise<void>;

  constructor(
    readonly status: number,
    readonly headers: Headers,
    private readonly onLeave: () => void,
    private readonly timeoutMs: number,
    readonly path: string,
  ) {
    this.ended = new Promise((resolve) => {
      this.resolveEnded = resolve;
    });
  }

  /** The whole body so far. */
  get text(): string {
    return this.chunks.join('');
  }

  get isOpen(): boolean {
    return !this.finished;
  }

  /** The next chunk of the body (the handler's own body first, then each published item). */
  next(options: { timeoutMs?: number } = {}): Promise<string> {
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    const waiting = new Promise<string>((resolve, reject) => {
      const check = (): void => {
        const chunk = this.unread.shift();
        if (chunk !== undefined) resolve(chunk);
        else if (this.finished)
          reject(new Error(`the stream of ${this.path} ended while waiting for a chunk`));
        else this.waiters.push(check);
      };
      check();
    });
    return withDeadline(
      waiting,
      timeoutMs,
      () =>
        `waited ${timeoutMs} ms for a chunk of the stream of ${this.path}; ${this.chunks.length} came in all`,
    );
  }

  /** The client leaves. */
  close(): void {
    if (this.finished) return;
    this.end();
    this.onLeave();
  }

  /** A chunk the proxy wrote. */
  push(bytes: Uint8Array): void {
    if (this.finished || bytes.length === 0) return;
    const text = decoder.decode(bytes);
    this.chunks.push(text);
    this.unread.push(text);
    this.wake();
  }

  /** The proxy ended the stream (or the client left). */
  end(): void {
    if (this.finished) return;
    this.finished = true;
    this.resolveEnded();
    this.wake();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const check of waiters) check();
  }
}
