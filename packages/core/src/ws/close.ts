const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Close codes an endpoint may put on the wire (RFC 6455 §7.4). */
export function assertSendableCloseCode(code: number): void {
  const reserved = code === 1004 || code === 1005 || code === 1006 || code === 1015;
  if (!Number.isInteger(code) || code < 1000 || code > 4999 || reserved || (code > 1015 && code < 3000)) {
    throw new RangeError(
      `WebSocket close code ${code} cannot be sent: use 1000-1003, 1007-1014 or 3000-4999`,
    );
  }
}

/** A close frame's payload: 2-byte big-endian code, then an optional UTF-8 reason. */
export function encodeClosePayload(code: number, reason = ''): Uint8Array {
  assertSendableCloseCode(code);
  const reasonBytes = encoder.encode(reason);
  // 125-byte control frame payload minus the 2-byte code.
  if (reasonBytes.length > 123) {
    throw new RangeError(
      `WebSocket close reason is ${reasonBytes.length} bytes; at most 123 fit in a close frame`,
    );
  }
  const payload = new Uint8Array(2 + reasonBytes.length);
  payload[0] = code >> 8;
  payload[1] = code & 0xff;
  payload.set(reasonBytes, 2);
  return payload;
}

export function decodeClosePayload(payload: Uint8Array | undefined): { code: number | null; reason: string } {
  if (payload === undefined || payload.length < 2) return { code: null, reason: '' };
  const code = (payload[0]! << 8) | payload[1]!;
  return { code, reason: decoder.decode(payload.subarray(2)) };
}
