import type { ClientEndpoint, FrameType, WsConnection } from '@faas-grip/dev/engine';
import { isSendableCloseCode, truncateUtf8 } from '@faas-grip/dev/engine';
import { DEFAULT_TIMEOUT_MS, withDeadline } from './deadline.js';
import type { CloseInfo, ReceivedFrame, TestWebSocket, WaitOptions } from './test-websocket.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function reasonFits(reason: string): boolean {
  return encoder.encode(reason).length <= 123;
}

/** The kit's WebSocket client: what a test sees of it is {@link TestWebSocket}; the engine talks to `endpoint`. */
export class KitWebSocket implements TestWebSocket {
  /** Every frame received, in order (pings and pongs included). */
  readonly received: ReceivedFrame[] = [];
  private readonly unread: ReceivedFrame[] = [];
  private waiters: Array<() => void> = [];
  private state: 'open' | 'closing' | 'closed' = 'open';
  private closeInfo: CloseInfo | undefined;
  private resolveClosed!: (info: CloseInfo) => void;
  /** Settles when the connection ends, however it ends. */
  readonly closed: Promise<CloseInfo>;
  /** The proxy's side of this client, handed to the engine. */
  readonly endpoint: ClientEndpoint;

  constructor(
    private readonly connection: WsConnection,
    /** Path and query the client connected to. */
    readonly path: string,
    /** The subprotocol the handler chose, if any. */
    readonly protocol: string | undefined,
    /** Extra headers of the handshake response. */
    readonly headers: Headers,
    private readonly timeoutMs = DEFAULT_TIMEOUT_MS,
    /** What the proxy can tell of why this connection waits or ended (its last warning or error), if anything. */
    private readonly lastProblem: () => string | undefined = () => undefined,
  ) {
    this.closed = new Promise((resolve) => {
      this.resolveClosed = resolve;
    });
    this.endpoint = this.makeEndpoint();
  }

  /** The connection id the handler sees (`Connection-Id`). */
  get id(): string {
    return this.connection.id;
  }

  get isOpen(): boolean {
    return this.state === 'open';
  }

  /** The meta the proxy holds for this connection, as the handler set it (less core's seal). */
  get meta(): Readonly<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const [name, value] of this.connection.meta) if (name !== 'faas-grip-mac') out[name] = value;
    return out;
  }

  /** Channels this connection is subscribed to, as the proxy sees them (prefix included). */
  get channels(): ReadonlySet<string> {
    return this.connection.channels;
  }

  /**
   * Sends a message (a string as TEXT, bytes as BINARY) and resolves once the
   * handler has answered it and its answer is delivered.
   */
  async send(message: string | Uint8Array): Promise<void> {
    this.mustBeOpen('send');
    const text = typeof message === 'string';
    this.connection.guarded(() =>
      this.connection.receive(text ? 'TEXT' : 'BINARY', text ? encoder.encode(message) : message),
    );
    await this.settle();
  }

  /** Sends a ping (at most 125 bytes) and resolves once the handler has answered it. */
  async ping(data: string | Uint8Array = new Uint8Array()): Promise<void> {
    this.mustBeOpen('ping');
    const bytes = typeof data === 'string' ? encoder.encode(data) : data;
    if (bytes.length > 125) throw new RangeError(`a ping carries at most 125 bytes, got ${bytes.length}`);
    this.connection.guarded(() => this.connection.receive('PING', bytes));
    await this.settle();
  }

  /** Resolves once nothing this client sent is waiting for the handler. */
  settle(): Promise<void> {
    return withDeadline(
      this.connection.idle(),
      this.timeoutMs,
      () => `waited ${this.timeoutMs} ms for the handler to answer what ${this.describe()} sent`,
    );
  }

  /**
   * The next TEXT (as a string) or BINARY message (as bytes); pings and
   * pongs are skipped (see `nextFrame`). Rejects when the connection closes
   * first, or at the deadline, saying what it waited for.
   */
  async next(options: WaitOptions = {}): Promise<string | Uint8Array> {
    const frame = await this.take((f) => f.type === 'text' || f.type === 'binary', 'a message', options);
    return frame.data;
  }

  /** The next frame of any kind, pings and pongs included. */
  nextFrame(options: WaitOptions = {}): Promise<ReceivedFrame> {
    return this.take(() => true, 'a frame', options);
  }

  /**
   * Closes from the client's side, as `WebSocket.close` does (a code of
   * 1000 or 3000–4999, a reason of at most 123 bytes), and resolves with the
   * close once the handler has heard it.
   */
  async close(code?: number, reason = ''): Promise<CloseInfo> {
    if (code !== undefined && code !== 1000 && !(code >= 3000 && code <= 4999)) {
      throw new RangeError(`a client may close with 1000 or 3000-4999, not ${code}`);
    }
    if (!reasonFits(reason)) throw new RangeError('a close reason carries at most 123 bytes');
    if (this.state === 'open') {
      this.state = 'closing';
      const info = { code: code ?? 1005, reason, wasClean: true };
      this.connection.guarded(() => this.connection.clientClosed(info.code, reason));
      this.finish(info);
      await this.settle();
    }
    return this.closed;
  }

  private describe(): string {
    return `the client of ${this.path} (connection ${this.id.slice(0, 8)})`;
  }

  private mustBeOpen(what: string): void {
    if (this.state !== 'open') {
      const how = this.closeInfo
        ? ` (closed ${this.closeInfo.code} ${JSON.stringify(this.closeInfo.reason)})`
        : '';
      throw new Error(`cannot ${what}: ${this.describe()} is not open${how}`);
    }
  }

  private async take(
    wanted: (frame: ReceivedFrame) => boolean,
    what: string,
    options: WaitOptions,
  ): Promise<ReceivedFrame> {
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    const found = (): ReceivedFrame | undefined => {
      for (;;) {
        const frame = this.unread.shift();
        if (frame === undefined || wanted(frame)) return frame;
      }
    };
    const waiting = new Promise<ReceivedFrame>((resolve, reject) => {
      const check = (): void => {
        const frame = found();
        if (frame !== undefined) resolve(frame);
        else if (this.closeInfo !== undefined) {
          const { code, reason } = this.closeInfo;
          const problem = this.lastProblem();
          const logged = problem === undefined ? '' : `; ${problem}`;
          reject(
            new Error(
              `${this.describe()} closed (${code} ${JSON.stringify(reason)}) while waiting for ${what}${logged}`,
            ),
          );
        } else this.waiters.push(check);
      };
      check();
    });
    return withDeadline(waiting, timeoutMs, () => {
      const seen = this.received.length;
      const problem = this.lastProblem();
      return `waited ${timeoutMs} ms for ${what} on ${this.describe()}; it received ${seen} frame${
        seen === 1 ? '' : 's'
      } in all, none unread; subscribed to [${[...this.channels].join(', ')}]${problem === undefined ? '' : `; ${problem}`}`;
    });
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const check of waiters) check();
  }

  private finish(info: CloseInfo): void {
    if (this.closeInfo !== undefined) return;
    this.state = 'closed';
    this.closeInfo = info;
    this.resolveClosed(info);
    this.wake();
  }

  private makeEndpoint(): ClientEndpoint {
    const client = this;
    const receive = (type: FrameType, content: Uint8Array): void => {
      const frame: ReceivedFrame =
        type === 'text' ? { type, data: decoder.decode(content) } : { type, data: Uint8Array.from(content) };
      this.received.push(frame);
      this.unread.push(frame);
      // Answered after the engine's delivery loop, as a socket would.
      if (type === 'ping') {
        const payload = Uint8Array.from(content);
        queueMicrotask(() => {
          if (this.state === 'open') this.connection.guarded(() => this.connection.receive('PONG', payload));
        });
      }
      this.wake();
    };
    // The proxy closes: the client answers with the same close, which the origin then hears.
    const closedByProxy = (code: number, reason: string): void => {
      if (this.state !== 'open') return;
      this.finish({ code, reason, wasClean: true });
      queueMicrotask(() => this.connection.guarded(() => this.connection.clientClosed(code, reason)));
    };
    return {
      get isOpen() {
        return client.state === 'open';
      },
      send: (type, content) => {
        if (this.state !== 'open') return false;
        receive(type, content);
        return true;
      },
      close: (code, reason = '') => {
        if (code === undefined || !isSendableCloseCode(code)) closedByProxy(1005, '');
        else closedByProxy(code, truncateUtf8(reason, 123));
      },
      fail: () => closedByProxy(1011, 'proxy error'),
      terminate: () => {
        if (this.state === 'closed') return;
        this.finish({ code: 1006, reason: '', wasClean: false });
        this.connection.guarded(() => this.connection.clientClosed(1006, ''));
      },
      pause: () => undefined,
      resume: () => undefined,
    };
  }
}
