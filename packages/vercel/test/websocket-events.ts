/** Bytes that are not valid UTF-8, so only a byte-exact path keeps them. */
export const NOT_UTF8 = [0xff, 0x00, 0xfe, 0x80, 0xc3, 0x28];

export function bytesOf(...parts: Array<string | number[]>): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(
    parts.flatMap((part) => (typeof part === 'string' ? [...Buffer.from(part, 'latin1')] : part)),
  );
}

let connections = 0;

/** The init of a WebSocket-over-HTTP POST as the proxy sends it. */
export function wsInit(
  body: Uint8Array<ArrayBuffer> | string,
  headers: Record<string, string> = {},
): RequestInit {
  connections += 1;
  return {
    method: 'POST',
    headers: {
      'Content-Type': 'application/websocket-events',
      'Connection-Id': `connection-${connections}`,
      ...headers,
    },
    body,
  };
}
