import WebSocket from 'ws';
import { PROBE_PREFIX, type ProbeTarget } from '../suite/probe.js';
import { NotReadyYet, pollUntil } from '../wait.js';

/** One connection of a {@link ReconnectingClient}, from open to close. */
export interface Connection {
  readonly number: number;
  opened: boolean;
  /** Why the connection failed before or after opening, if it did. */
  error?: string;
  /** The app confirmed the subscription on this connection. */
  subscribed: boolean;
  /** Text messages other than probes and the app's confirmation, in arrival order. */
  readonly messages: string[];
  readonly probes: Set<string>;
  closed?: { code: number; reason: string };
}

const FIRST_RETRY_MS = 100;
const MAX_RETRY_MS = 1000;
/**
 * A handshake that has not finished by then is given up and tried again, as
 * reconnecting WebSocket libraries do: a connection accepted by a Pushpin
 * that is still starting can stay without an answer.
 */
const HANDSHAKE_TIMEOUT_MS = 2000;

/**
 * A WebSocket client that behaves like a chat page in a browser: when its
 * connection closes it reconnects with a growing pause (100 ms, doubling, at
 * most 1 s; back to 100 ms after a connection opened), gives up a handshake
 * that takes over 2 s, and on every new connection asks the app
 * (`/ws/channels`) to subscribe it again.
 */
export class ReconnectingClient implements ProbeTarget {
  readonly connections: Connection[] = [];
  private socket: WebSocket | undefined;
  private stopped = false;
  private retryMs = FIRST_RETRY_MS;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    /** The `/ws/channels` URL through the proxy. */
    private readonly url: string,
    /** The channel (as the app names it) to subscribe to on each connection. */
    private readonly channel: string,
  ) {
    this.connect();
  }

  /** The connection opened last (or being opened). */
  get current(): Connection {
    const last = this.connections.at(-1);
    if (last === undefined) throw new Error(`No connection to ${this.url} was tried`);
    return last;
  }

  /** Probes seen on the current connection only: an old connection's subscription proves nothing. */
  get probes(): ReadonlySet<string> {
    return this.current.probes;
  }

  private connect(): void {
    const connection: Connection = {
      number: this.connections.length + 1,
      opened: false,
      subscribed: false,
      messages: [],
      probes: new Set(),
    };
    this.connections.push(connection);
    const socket = new WebSocket(this.url, { handshakeTimeout: HANDSHAKE_TIMEOUT_MS });
    this.socket = socket;
    socket.on('open', () => {
      connection.opened = true;
      this.retryMs = FIRST_RETRY_MS;
      socket.send(`sub ${this.channel}`);
    });
    socket.on('message', (data, isBinary) => {
      const text = isBinary ? `(binary ${String(data)})` : String(data);
      if (text.startsWith(PROBE_PREFIX)) connection.probes.add(text);
      else if (text === `subscribed ${this.channel}` && !connection.subscribed) connection.subscribed = true;
      else connection.messages.push(text);
    });
    // A refused or failed attempt also ends in 'close'; the reconnect is scheduled there.
    socket.on('error', (error) => {
      connection.error = error.message;
    });
    socket.on('close', (code, reason) => {
      connection.closed = { code, reason: reason.toString('utf8') };
      if (this.stopped) return;
      this.timer = setTimeout(() => this.connect(), this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
    });
  }

  /**
   * Waits until a connection after the first `after` ones is open and the app
   * confirmed its subscription; returns it.
   */
  untilSubscribedAgain(after: number, timeoutMs: number): Promise<Connection> {
    return pollUntil(
      async () => {
        const connection = this.current;
        if (connection.number > after && connection.opened && connection.subscribed && !connection.closed) {
          return connection;
        }
        throw new NotReadyYet(
          `connection ${connection.number} is ${connection.closed ? `closed (${connection.closed.code}${connection.error ? `, ${connection.error}` : ''})` : connection.opened ? 'open, not yet subscribed' : 'opening'}`,
        );
      },
      { timeoutMs, intervalMs: 10, what: `${this.url} to reconnect and subscribe to ${this.channel}` },
    );
  }

  /** Stops reconnecting and drops the connection. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.socket?.terminate();
  }
}
