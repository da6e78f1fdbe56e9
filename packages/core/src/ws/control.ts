import { encodeBytesToBase64String } from '@fanoutio/grip';

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

export function subscribeControl(channel: string, filters?: readonly string[]): string {
  return JSON.stringify(
    filters?.length ? { type: 'subscribe', channel, filters } : { type: 'subscribe', channel },
  );
}

export function unsubscribeControl(channel: string): string {
  return JSON.stringify({ type: 'unsubscribe', channel });
}

export function detachControl(): string {
  return JSON.stringify({ type: 'detach' });
}

export function setMetaControl(name: string, value: string): string {
  return JSON.stringify({ type: 'set-meta', name, value });
}

/** With no options, turns a keep-alive off. */
export function keepAliveControl(options: KeepAliveControl = {}): string {
  const message: Record<string, unknown> = { type: 'keep-alive' };
  if (options.content !== undefined && options.contentBin !== undefined) {
    throw new TypeError('keep-alive takes content or contentBin, not both');
  }
  if (options.content !== undefined) message.content = options.content;
  if (options.contentBin !== undefined)
    message['content-bin'] = encodeBytesToBase64String(options.contentBin);
  if (options.messageType !== undefined) message['message-type'] = options.messageType;
  if (options.timeout !== undefined) {
    if (!(options.timeout > 0))
      throw new RangeError('keep-alive timeout must be a positive number of seconds');
    message.timeout = Math.ceil(options.timeout);
  }
  if (options.mode !== undefined) message.mode = options.mode;
  return JSON.stringify(message);
}
