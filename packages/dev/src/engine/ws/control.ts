import { fieldBytes, isFieldText, isToken, MAX_CONTROL_PAYLOAD_BYTES } from '@faas-grip/core/protocol';
import { fromBase64, utf8 } from '../bytes.js';
import { MAX_TIMER_SECONDS } from '../limits.js';

/** A GRIP WebSocket control message (`c:` + JSON) the origin sent. */
export type ControlMessage =
  | { type: 'subscribe'; channel: string; filters: string[] }
  | { type: 'unsubscribe'; channel: string }
  | { type: 'detach' }
  | { type: 'set-meta'; name: string; value: string }
  | {
      type: 'keep-alive';
      /** Undefined turns the keep-alive off. */
      content: Uint8Array | undefined;
      messageType: 'text' | 'binary' | 'ping' | 'pong';
      timeoutSeconds: number;
      mode: 'idle' | 'interval';
    }
  | { type: 'unsupported'; name: string };

export class ControlMessageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ControlMessageError';
  }
}

const DEFAULT_KEEP_ALIVE_TIMEOUT = 55;

/** Largest payload of a WebSocket ping or pong (RFC 6455, 5.5), by core's count. */
export const MAX_CONTROL_FRAME_BYTES = MAX_CONTROL_PAYLOAD_BYTES;

function field(obj: Record<string, unknown>, key: string, type: string): string {
  const value = obj[key];
  if (typeof value !== 'string' || value === '') {
    throw new ControlMessageError(`control message "${type}" needs a non-empty string "${key}"`);
  }
  return value;
}

/** Parses the JSON after `c:`; unknown or malformed messages are reported, never guessed. */
export function parseControlMessage(text: string): ControlMessage {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ControlMessageError(`control message is not JSON: ${JSON.stringify(text.slice(0, 80))}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ControlMessageError('control message is not a JSON object');
  }
  const obj = json as Record<string, unknown>;
  const type = obj.type;
  if (typeof type !== 'string') throw new ControlMessageError('control message has no "type"');
  switch (type) {
    case 'subscribe': {
      const filters = obj.filters ?? [];
      if (!Array.isArray(filters) || filters.some((f) => typeof f !== 'string')) {
        throw new ControlMessageError('control message "subscribe" has "filters" that are not strings');
      }
      return { type, channel: field(obj, 'channel', type), filters: filters as string[] };
    }
    case 'unsubscribe':
      return { type, channel: field(obj, 'channel', type) };
    case 'detach':
      return { type };
    case 'set-meta': {
      const value = obj.value ?? '';
      if (typeof value !== 'string')
        throw new ControlMessageError('control message "set-meta" needs a string "value"');
      const name = field(obj, 'name', type);
      // The pair becomes a `Meta-<name>` header on every later origin request.
      if (!isToken(name)) {
        throw new ControlMessageError(`control message "set-meta" has a name that is not a header token`);
      }
      if (!isFieldText(value)) {
        throw new ControlMessageError(`control message "set-meta" has a value with control characters`);
      }
      // Sent back as a header in its UTF-8 bytes, as Pushpin sends it.
      return { type, name, value: fieldBytes(value) };
    }
    case 'keep-alive': {
      const text = obj.content;
      const bin = obj['content-bin'];
      if (text !== undefined && typeof text !== 'string') {
        throw new ControlMessageError('control message "keep-alive" has non-string "content"');
      }
      if (bin !== undefined && typeof bin !== 'string') {
        throw new ControlMessageError('control message "keep-alive" has non-string "content-bin"');
      }
      const decoded = text === undefined && bin !== undefined ? fromBase64(bin) : undefined;
      if (text === undefined && bin !== undefined && decoded === undefined) {
        throw new ControlMessageError('control message "keep-alive" has "content-bin" that is not base64');
      }
      const content = text !== undefined ? utf8(text) : decoded;
      const messageType = obj['message-type'] ?? (bin !== undefined ? 'binary' : 'text');
      if (
        messageType !== 'text' &&
        messageType !== 'binary' &&
        messageType !== 'ping' &&
        messageType !== 'pong'
      ) {
        throw new ControlMessageError(
          `control message "keep-alive" has message-type ${JSON.stringify(messageType)} (text, binary, ping or pong)`,
        );
      }
      if (
        (messageType === 'ping' || messageType === 'pong') &&
        (content?.length ?? 0) > MAX_CONTROL_FRAME_BYTES
      ) {
        throw new ControlMessageError(
          `control message "keep-alive" has a ${messageType} of ${content?.length} bytes; a ${messageType} carries at most ${MAX_CONTROL_FRAME_BYTES}`,
        );
      }
      const timeout = obj.timeout ?? DEFAULT_KEEP_ALIVE_TIMEOUT;
      if (typeof timeout !== 'number' || !(timeout > 0) || timeout > MAX_TIMER_SECONDS) {
        throw new ControlMessageError(
          `control message "keep-alive" needs a positive "timeout" in seconds, at most ${MAX_TIMER_SECONDS}`,
        );
      }
      const mode = obj.mode ?? 'idle';
      if (mode !== 'idle' && mode !== 'interval') {
        throw new ControlMessageError(
          `control message "keep-alive" has mode ${JSON.stringify(mode)} (idle or interval)`,
        );
      }
      return { type, content, messageType, timeoutSeconds: timeout, mode };
    }
    case 'session':
    case 'send-delayed':
    case 'flush-delayed':
      return { type: 'unsupported', name: type };
    default:
      throw new ControlMessageError(`unknown control message type ${JSON.stringify(type)}`);
  }
}

/** The grip extension as the origin answered it: on or off, and the message prefix. */
export function parseGripExtension(header: string | null): { grip: boolean; prefix: string } {
  for (const part of (header ?? '').split(',')) {
    const [name, ...params] = part.split(';').map((p) => p.trim());
    if (name !== 'grip') continue;
    let prefix = 'm:';
    for (const param of params) {
      const eq = param.indexOf('=');
      if (eq !== -1 && param.slice(0, eq).trim() === 'message-prefix') {
        prefix = param
          .slice(eq + 1)
          .trim()
          .replace(/^"(.*)"$/, '$1');
      }
    }
    return { grip: true, prefix };
  }
  return { grip: false, prefix: '' };
}
