/** One frame the test client received. */
export type ReceivedFrame =
  | { type: 'text'; data: string }
  | { type: 'binary' | 'ping' | 'pong'; data: Uint8Array };

/** How a connection ended, as the client saw it (1005: a close without a code, 1006: dropped without one). */
export interface CloseInfo {
  code: number;
  reason: string;
  /** The closing handshake took place (false when the connection was dropped). */
  wasClean: boolean;
}

export interface WaitOptions {
  /** Deadline in milliseconds of real time (default: the proxy's `timeoutMs`). */
  timeoutMs?: number;
}

/**
 * A WebSocket client of the test proxy (from `proxy.connect()`): frames the
 * handler sends arrive in order; `next()` waits for the next message with a
 * deadline. Pings are answered with pongs, as browsers and the `ws` library do.
 */
export interface TestWebSocket {
  /** Path and query the client connected to. */
  readonly path: string;
  /** The subprotocol the handler chose, if any. */
  readonly protocol: string | undefined;
  /** Extra headers of the handshake response. */
  readonly headers: Headers;
  /** Every frame received, in order (pings and pongs included). */
  readonly received: readonly ReceivedFrame[];
  /** Settles when the connection ends, however it ends. */
  readonly closed: Promise<CloseInfo>;
  /** The connection id the handler sees (`Connection-Id`). */
  readonly id: string;
  /** False once the connection is closing or closed. */
  readonly isOpen: boolean;
  /** The meta the proxy holds for this connection, as the handler set it (less core's seal). */
  readonly meta: Readonly<Record<string, string>>;
  /** Channels this connection is subscribed to, as the proxy sees them (prefix included). */
  readonly channels: ReadonlySet<string>;
  /**
   * Sends a message (a string as TEXT, bytes as BINARY) and resolves once the
   * handler has answered it and its answer is delivered.
   */
  send(message: string | Uint8Array): Promise<void>;
  /** Sends a ping (at most 125 bytes) and resolves once the handler has answered it. */
  ping(data?: string | Uint8Array): Promise<void>;
  /** Resolves once nothing this client sent is waiting for the handler. */
  settle(): Promise<void>;
  /**
   * The next TEXT (as a string) or BINARY message (as bytes); pings and
   * pongs are skipped (see `nextFrame`). Rejects when the connection closes
   * first, or at the deadline, saying what it waited for.
   */
  next(options?: WaitOptions): Promise<string | Uint8Array>;
  /** The next frame of any kind, pings and pongs included. */
  nextFrame(options?: WaitOptions): Promise<ReceivedFrame>;
  /**
   * Closes from the client's side, as `WebSocket.close` does (a code of
   * 1000 or 3000–4999, a reason of at most 123 bytes), and resolves with the
   * close once the handler has heard it.
   */
  close(code?: number, reason?: string): Promise<CloseInfo>;
}
