export { isSendableCloseCode } from '@faas-grip/core/protocol';
export { truncateUtf8 } from '../bytes.js';

export type FrameType = 'text' | 'binary' | 'ping' | 'pong';

/**
 * The proxy's side of one client WebSocket, whatever carries it: a socket in
 * the dev proxy, an object in the testing kit. None of these may throw.
 */
export interface ClientEndpoint {
  readonly isOpen: boolean;
  /** Sends one frame; false if it did not go (the client is closing, or too slow and now closed). */
  send(type: FrameType, content: Uint8Array): boolean;
  /** Closes with `code` and `reason` when they can be sent, without a code otherwise. */
  close(code?: number, reason?: string): void;
  /** Ends the connection for a fault on the proxy's side: 1011, with the reason logged. */
  fail(reason: string): void;
  /** Drops the connection without a close frame (the client sees 1006). */
  terminate(): void;
  /** Stops taking the client's frames while the origin is behind. */
  pause(): void;
  resume(): void;
}
