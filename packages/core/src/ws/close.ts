const encoder = new TextEncoder();
const decoder = new TextDecoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Protocol error: what a peer's malformed close is answered with. */
export const CLOSE_PROTOCOL_ERROR = 1002;
/** Invalid frame payload data: the answer to a close reason that is not UTF-8. */
export const CLOSE_INVALID_PAYLOAD = 1007;

/** Largest payload of a WebSocket control frame: ping, pong or close (RFC 6455 §5.5). */
export const MAX_CONTROL_PAYLOAD_BYTES = 125;
// A close frame is a control frame, 2 of its payload bytes the code.
const MAX_CLOSE_PAYLOAD = MAX_CONTROL_PAYLOAD_BYTES;
/** Longest close reason, in UTF-8 bytes, that fits a close frame beside its code. */
export const MAX_CLOSE_REASON_BYTES = MAX_CLOSE_PAYLOAD - 2;

/** True for the codes an endpoint may put on the wire (RFC 6455 §7.4, and the IANA registry). */
export function isSendableCloseCode(code: number): boolean {
  if (!Number.isInteger(code) || code < 1000 || code > 4999) return false;
  if (code === 1004 || code === 1005 || code === 1006 || code === 1015) return false;
  return code < 1016 || code >= 3000;
}

/** Close codes an endpoint may put on the wire (RFC 6455 §7.4). */
export function assertSendableCloseCode(code: number): void {
  if (!isSendableCloseCode(code)) {
    throw new RangeError(
      `WebSocket close code ${code} cannot be sent: use 1000-1003, 1007-1014 or 3000-4999`,
    );
  }
}

/** A close frame's payload: 2-byte big-endian code, then an optional UTF-8 reason. */
export function encodeClosePayload(code: number, reason = ''): Uint8Array {
  assertSendableCloseCode(code);
  const reasonBytes = encoder.encode(reason);
  if (reasonBytes.length > MAX_CLOSE_PAYLOAD - 2) {
    throw new RangeError(
      `WebSocket close reason is ${reasonBytes.length} bytes; at most ${MAX_CLOSE_PAYLOAD - 2} fit in a close frame`,
    );
  }
  const payload = new Uint8Array(2 + reasonBytes.length);
  payload[0] = code >> 8;
  payload[1] = code & 0xff;
  payload.set(reasonBytes, 2);
  return payload;
}

/**
 * The code and reason of a close payload, as sent: a code that may not be
 * sent is still returned, and a reason that is not UTF-8 is decoded with
 * replacement characters. A payload shorter than 2 bytes has no code.
 */
export function decodeClosePayload(payload: Uint8Array | undefined): { code: number | null; reason: string } {
  if (payload === undefined || payload.length < 2) return { code: null, reason: '' };
  const code = (payload[0]! << 8) | payload[1]!;
  return { code, reason: decoder.decode(payload.subarray(2)) };
}

/**
 * The close payload that answers a peer's close: the peer's own payload when
 * it is valid (which completes the closing handshake), none when the peer
 * sent none, and otherwise a close of our own, because a malformed close is
 * the peer's fault and must not make the answer fail. Invalid UTF-8 in the
 * reason gets 1007; any other fault (a 1-byte payload, a code that may not be
 * sent, more than 125 bytes) gets 1002. Neither carries a reason.
 */
export function closeEchoPayload(payload: Uint8Array | undefined): Uint8Array | undefined {
  if (payload === undefined || payload.length === 0) return undefined;
  if (payload.length === 1 || payload.length > MAX_CLOSE_PAYLOAD) {
    return encodeClosePayload(CLOSE_PROTOCOL_ERROR);
  }
  const code = (payload[0]! << 8) | payload[1]!;
  if (!isSendableCloseCode(code)) return encodeClosePayload(CLOSE_PROTOCOL_ERROR);
  try {
    strictUtf8.decode(payload.subarray(2));
  } catch {
    return encodeClosePayload(CLOSE_INVALID_PAYLOAD);
  }
  return payload;
}
