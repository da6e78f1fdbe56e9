import type { DecodedWebSocketEvent } from '@faas-grip/core';
import { decodeClosePayload } from '@faas-grip/core/protocol';
import { describeError } from '../guard.js';
import { MAX_CONTROL_FRAME_BYTES } from './control.js';

/**
 * Why an origin's events cannot all go to the client, or undefined if they
 * can: a ping or pong over 125 bytes has no WebSocket frame, and a CLOSE must
 * carry a readable code. Checked before any of them is sent.
 */
export function undeliverable(events: readonly DecodedWebSocketEvent[]): string | undefined {
  for (const event of events) {
    const size = event.content?.length ?? 0;
    if ((event.type === 'PING' || event.type === 'PONG') && size > MAX_CONTROL_FRAME_BYTES) {
      return `a ${event.type} event of ${size} bytes (a WebSocket ${event.type.toLowerCase()} carries at most ${MAX_CONTROL_FRAME_BYTES})`;
    }
    if (event.type === 'CLOSE') {
      try {
        decodeClosePayload(event.content);
      } catch (error) {
        return `a CLOSE event that cannot be read (${describeError(error)})`;
      }
    }
  }
  return undefined;
}
