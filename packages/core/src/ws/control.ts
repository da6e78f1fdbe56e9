import { encodeBase64 } from '../jwt/base64.js';
import { metaName } from './meta.js';

/**
 * Typed builders for GRIP WebSocket control messages (sent as `c:` + JSON).
 * Each returns the JSON text; `WebSocketContext.sendControl` adds the prefix.
 */

export interface KeepAliveControl {
  /** Text to send while idle; give `contentBin` instead for binary. */
  content?: string;
  contentBin?: Uint8Array;
  /** How the payload is framed: a text or binary message, or a ping/pong frame. */
  messageType?: 'text' | 'binary' | 'ping' | 'pong';
  /** Seconds between keep-alives (Pushpin's default is 55). */
  timeout?: number;
  /** `idle` sends only after a quiet period, `interval` on a fixed beat. */
  mode?: 'idle' | 'interval';
}

// JSON escapes every control character, and the event carrying the message is
// length-prefixed, so no channel, filter or content can break the framing.

function assertChannel(channel: string): void {
  if (typeof channel !== 'string' || channel === '') {
    throw new TypeError(`WebSocket channel name must be a non-empty string, got ${JSON.stringify(channel)}`);
  }
}

function assertOneOf<T extends string>(what: string, value: T, allowed: readonly T[]): void {
  if (!allowed.includes(value)) {
    throw new RangeError(
      `keep-alive ${what} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`,
    );
  }
}

export function subscribeControl(channel: string, filters?: readonly string[]): string {
  assertChannel(channel);
  return JSON.stringify(
    filters?.length ? { type: 'subscribe', channel, filters } : { type: 'subscribe', channel },
  );
}

export function unsubscribeControl(channel: string): string {
  assertChannel(channel);
  return JSON.stringify({ type: 'unsubscribe', channel });
}

export function detachControl(): string {
  return JSON.stringify({ type: 'detach' });
}

/**
 * Sets meta the proxy's filters see. The name is checked and lower-cased as
 * for `ws.meta`; the value goes as given (JSON carries any text safely).
 */
export function setMetaControl(name: string, value: string): string {
  return JSON.stringify({ type: 'set-meta', name: metaName(name), value: String(value) });
}

/** With no options, turns a keep-alive off. */
export function keepAliveControl(options: KeepAliveControl = {}): string {
  const message: Record<string, unknown> = { type: 'keep-alive' };
  if (options.content !== undefined && options.contentBin !== undefined) {
    throw new TypeError('keep-alive takes content or contentBin, not both');
  }
  if (options.content !== undefined) message.content = options.content;
  if (options.contentBin !== undefined) message['content-bin'] = encodeBase64(options.contentBin);
  if (options.messageType !== undefined) {
    assertOneOf('messageType', options.messageType, ['text', 'binary', 'ping', 'pong']);
    message['message-type'] = options.messageType;
  }
  if (options.timeout !== undefined) {
    if (!(options.timeout > 0))
      throw new RangeError('keep-alive timeout must be a positive number of seconds');
    message.timeout = Math.ceil(options.timeout);
  }
  if (options.mode !== undefined) {
    assertOneOf('mode', options.mode, ['idle', 'interval']);
    message.mode = options.mode;
  }
  return JSON.stringify(message);
}
