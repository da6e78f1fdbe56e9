import { shown } from '../http/header-syntax.js';
import { isSendableCloseCode, MAX_CLOSE_REASON_BYTES, MAX_CONTROL_PAYLOAD_BYTES } from '../ws/close.js';

const encoder = new TextEncoder();

const TYPES = new Set(['text', 'binary', 'ping', 'pong']);

/** Bytes of a `content` (UTF-8) or `content-bin` (base64) field, or undefined when absent or unreadable. */
function contentBytes(format: Record<string, unknown>): number | undefined {
  if (typeof format.content === 'string') return encoder.encode(format.content).length;
  const bin = format['content-bin'];
  if (typeof bin !== 'string') return undefined;
  const compact = bin.replace(/\s+/g, '');
  const padding = compact.endsWith('==') ? 2 : compact.endsWith('=') ? 1 : 0;
  return Math.floor((compact.length * 3) / 4) - padding;
}

/**
 * Makes an exported `ws-message` format safe to publish: a close has a code
 * an endpoint may send (RFC 6455 §7.4) and a reason that fits a close frame;
 * a ping or pong fits a control frame. Throws a RangeError or TypeError
 * naming the bad value. The dev proxy accepts exactly what passes.
 */
export function checkWebSocketMessageFormat(format: Record<string, unknown>): void {
  if (format.action === 'close') {
    if (format.code !== undefined && format.code !== null) {
      if (typeof format.code !== 'number' || !isSendableCloseCode(format.code)) {
        throw new RangeError(
          `ws-message close code ${shown(format.code)} cannot be sent: use 1000-1003, 1007-1014 or 3000-4999`,
        );
      }
    }
    if (format.reason !== undefined) {
      if (typeof format.reason !== 'string') throw new TypeError('ws-message close reason must be a string');
      const bytes = encoder.encode(format.reason).length;
      if (bytes > MAX_CLOSE_REASON_BYTES) {
        throw new RangeError(
          `ws-message close reason is ${bytes} bytes; at most ${MAX_CLOSE_REASON_BYTES} fit in a close frame`,
        );
      }
    }
    return;
  }
  const type = format.type;
  if (type === undefined || type === null) return;
  if (typeof type !== 'string' || !TYPES.has(type)) {
    throw new TypeError(`ws-message type ${shown(type)} must be text, binary, ping or pong`);
  }
  const bytes = contentBytes(format);
  if ((type === 'ping' || type === 'pong') && bytes !== undefined && bytes > MAX_CONTROL_PAYLOAD_BYTES) {
    throw new RangeError(
      `ws-message ${type} content is ${bytes} bytes; a ${type} carries at most ${MAX_CONTROL_PAYLOAD_BYTES}`,
    );
  }
}
