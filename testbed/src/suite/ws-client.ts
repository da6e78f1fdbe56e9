import WebSocket, { type RawData } from 'ws';
import { withTimeout } from '../wait.js';
import { PROBE_PREFIX, type ProbeTarget } from './probe.js';

export interface Received {
  readonly binary: boolean;
  readonly data: Buffer;
  /** `data` as UTF-8, for text messages. */
  readonly text: string;
}

export interface Closed {
  readonly code: number;
  readonly reason: string;
}

export interface Refused {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

const DEFAULT_WAIT_MS = 5000;

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

/**
 * A real `ws` client with its messages queued, so a test can await them in
 * order with a bounded wait each.
 */
export class TestSocket implements ProbeTarget {
  readonly probes = new Set<string>();
  private readonly queue: Received[] = [];
  private wake: (() => void) | undefined;
  private readonly closedPromise: Promise<Closed>;

  private constructor(
    readonly url: string,
    private readonly socket: WebSocket,
  ) {
    socket.on('message', (raw, isBinary) => {
      const data = toBuffer(raw);
      const text = isBinary ? '' : data.toString('utf8');
      if (!isBinary && text.startsWith(PROBE_PREFIX)) this.probes.add(text);
      else this.queue.push({ binary: isBinary, data, text });
      this.wake?.();
    });
    this.closedPromise = new Promise((resolve) => {
      socket.once('close', (code, reason) => resolve({ code, reason: reason.toString('utf8') }));
    });
    // Errors after the handshake show up as a close code (1006); keep them from crashing the run.
    socket.on('error', () => undefined);
  }

  /** Opens a connection and waits for the handshake to finish. */
  static open(url: string, protocols: string[] = []): Promise<TestSocket> {
    const socket = new WebSocket(url, protocols);
    const opened = new Promise<TestSocket>((resolve, reject) => {
      socket.once('open', () => resolve(new TestSocket(url, socket)));
      socket.once('unexpected-response', (_request, response) => {
        reject(new Error(`WebSocket ${url} was answered with HTTP ${response.statusCode} instead of 101`));
        socket.terminate();
      });
      socket.once('error', (error) => reject(new Error(`WebSocket ${url} failed: ${error.message}`)));
    });
    return withTimeout(opened, DEFAULT_WAIT_MS, `WebSocket ${url} to open`).catch((error: unknown) => {
      socket.terminate();
      throw error;
    });
  }

  /** Opens a connection that the server is expected to refuse; resolves with its HTTP answer. */
  static refused(url: string): Promise<Refused> {
    const socket = new WebSocket(url);
    socket.on('error', () => undefined);
    const answer = new Promise<Refused>((resolve, reject) => {
      socket.once('open', () => {
        socket.terminate();
        reject(new Error(`WebSocket ${url} was accepted, but a refusal was expected`));
      });
      socket.once('unexpected-response', (_request, response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.once('end', () => {
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          });
          socket.terminate();
        });
      });
    });
    return withTimeout(answer, DEFAULT_WAIT_MS, `WebSocket ${url} to be refused`).finally(() =>
      socket.terminate(),
    );
  }

  /** The subprotocol the server selected ('' for none). */
  get protocol(): string {
    return this.socket.protocol;
  }

  send(data: string | Uint8Array): void {
    this.socket.send(data, { binary: typeof data !== 'string' });
  }

  /** The next message, waiting at most `timeoutMs`. */
  async next(what: string, timeoutMs = DEFAULT_WAIT_MS): Promise<Received> {
    const deadline = Date.now() + timeoutMs;
    while (this.queue.length === 0) {
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(`No message from ${this.url} within ${timeoutMs} ms while waiting for ${what}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
    return this.queue.shift()!;
  }

  /** The next message, which must be text. */
  async nextText(what: string, timeoutMs = DEFAULT_WAIT_MS): Promise<string> {
    const message = await this.next(what, timeoutMs);
    if (message.binary) {
      throw new Error(
        `Expected a text message (${what}) from ${this.url}, got ${message.data.length} binary bytes`,
      );
    }
    return message.text;
  }

  /** Messages received and not yet taken with `next`. */
  unread(): readonly Received[] {
    return [...this.queue];
  }

  /** Sends a ping and resolves with the pong's payload. */
  ping(payload: string): Promise<Buffer> {
    const pong = new Promise<Buffer>((resolve) => this.socket.once('pong', resolve));
    this.socket.ping(payload);
    return withTimeout(pong, DEFAULT_WAIT_MS, `a pong from ${this.url}`);
  }

  close(code?: number, reason?: string): void {
    this.socket.close(code, reason);
  }

  /** The code and reason of the close frame the server sent. */
  closed(timeoutMs = DEFAULT_WAIT_MS): Promise<Closed> {
    return withTimeout(this.closedPromise, timeoutMs, `WebSocket ${this.url} to close`);
  }

  /** Drops the connection without a closing handshake. */
  terminate(): void {
    this.socket.terminate();
  }
}
