import type { RawData, WebSocket } from 'ws';
import { describeError } from '../engine/guard.js';
import type { ClientEndpoint, FrameType } from '../engine/ws/client.js';
import { isSendableCloseCode, truncateUtf8 } from '../engine/ws/client.js';
import type { WsConnection } from '../engine/ws/connection.js';

type Log = (level: 'info' | 'warn' | 'error', message: string) => void;

/**
 * The proxy's side of one client WebSocket: frames out, bounded by how much
 * the client has not read yet, and a close that cannot throw.
 */
export class ClientLink implements ClientEndpoint {
  constructor(
    private readonly socket: WebSocket,
    /** Bytes that may wait unread before the client counts as stuck. */
    private readonly backlogLimit: number,
    private readonly log: Log,
  ) {}

  get isOpen(): boolean {
    return this.socket.readyState === this.socket.OPEN;
  }

  /** Sends one frame; false if it did not go (the socket is closing, or the client is stuck and now closed). */
  send(type: FrameType, content: Uint8Array): boolean {
    const socket = this.socket;
    if (!this.isOpen) return false;
    if (socket.bufferedAmount + content.length > this.backlogLimit) {
      this.log(
        'warn',
        `the client is not reading (${socket.bufferedAmount} bytes wait for it, the limit is ${this.backlogLimit}); closing with 1013`,
      );
      this.close(1013, 'client too slow');
      return false;
    }
    try {
      if (type === 'ping') socket.ping(content);
      else if (type === 'pong') socket.pong(content);
      else socket.send(content, { binary: type === 'binary' });
      return true;
    } catch (error) {
      this.fail(`a ${type} frame could not be sent: ${describeError(error)}`);
      return false;
    }
  }

  /** Closes with `code` and `reason` when they can be sent, without a code otherwise. */
  close(code?: number, reason = ''): void {
    if (this.socket.readyState >= this.socket.CLOSING) return;
    try {
      if (code === undefined) {
        this.socket.close();
      } else if (!isSendableCloseCode(code)) {
        this.log('warn', `close code ${code} cannot be sent; closing without a code`);
        this.socket.close();
      } else {
        this.socket.close(code, truncateUtf8(reason, 123));
      }
    } catch (error) {
      this.log('error', `close failed (${describeError(error)}); dropping the connection`);
      this.socket.terminate();
    }
  }

  /** Ends the connection for a fault on the proxy's side of it: 1011, with the reason logged. */
  fail(reason: string): void {
    this.log('error', `${reason}; closing the client connection with 1011`);
    this.close(1011, 'proxy error');
  }

  /** Stops reading from the client (TCP flow control holds the rest back). */
  pause(): void {
    if (this.socket.readyState === this.socket.OPEN && !this.socket.isPaused) this.socket.pause();
  }

  resume(): void {
    if (this.socket.isPaused) this.socket.resume();
  }

  terminate(): void {
    this.socket.terminate();
  }
}

function bytesOf(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  return Buffer.concat(Array.isArray(data) ? data : [Buffer.from(data)]);
}

/** Hands a client socket's frames and its close to the engine's connection. */
export function wireSocket(socket: WebSocket, connection: WsConnection, log: Log): void {
  socket.on('message', (data, isBinary) =>
    connection.guarded(() => connection.receive(isBinary ? 'BINARY' : 'TEXT', bytesOf(data))),
  );
  socket.on('ping', (data) => connection.guarded(() => connection.receive('PING', data)));
  socket.on('pong', (data) => connection.guarded(() => connection.receive('PONG', data)));
  socket.on('error', (error) => log('warn', `client socket error: ${error.message}`));
  socket.on('close', (code, reason) =>
    connection.guarded(() => connection.clientClosed(code, reason.toString())),
  );
}
