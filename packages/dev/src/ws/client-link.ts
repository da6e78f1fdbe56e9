import type { WebSocket } from 'ws';
import { describeError } from '../guard.js';

export type FrameType = 'text' | 'binary' | 'ping' | 'pong';

type Log = (level: 'info' | 'warn' | 'error', message: string) => void;

/** Close codes an endpoint may put in a close frame (RFC 6455, 7.4). */
export function isSendableCloseCode(code: number): boolean {
  return (
    Number.isInteger(code) &&
    ((code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999))
  );
}

/** `text` cut to at most `max` UTF-8 bytes without splitting a character. */
export function truncateUtf8(text: string, max: number): string {
  if (Buffer.byteLength(text) <= max) return text;
  let out = '';
  let bytes = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char);
    if (bytes + size > max) break;
    out += char;
    bytes += size;
  }
  return out;
}

/**
 * The proxy's side of one client WebSocket: frames out, bounded by how much
 * the client has not read yet, and a close that cannot throw.
 */
export class ClientLink {
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
  send(type: FrameType, content: Buffer): boolean {
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
