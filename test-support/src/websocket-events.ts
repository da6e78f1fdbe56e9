// WebSocket-over-HTTP requests as the proxy sends them, built from Web APIs so
// tests inside workerd can use them too.
const encoder = new TextEncoder();

/** Bytes that are not valid UTF-8, so only a byte-exact path keeps them. */
export const NOT_UTF8 = [0xff, 0x00, 0xfe, 0x80, 0xc3, 0x28];

/** Strings as UTF-8, arrays as raw bytes, joined. */
export function bytesOf(...parts: Array<string | Uint8Array | number[]>): Uint8Array<ArrayBuffer> {
  const chunks = parts.map((part) =>
    typeof part === 'string' ? encoder.encode(part) : Uint8Array.from(part),
  );
  const out = new Uint8Array(chunks.reduce((total, chunk) => total + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

let connections = 0;

/** The init of a WebSocket-over-HTTP POST, each call on a connection of its own. */
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

/** A WebSocket-over-HTTP request as the proxy sends it. */
export function wsRequest(
  url: string,
  body: Uint8Array<ArrayBuffer> | string,
  headers: Record<string, string> = {},
): Request {
  return new Request(url, wsInit(body, headers));
}

/** A WebSocket-over-HTTP answer as text (workerd warns when .text() reads that content type). */
export async function eventsText(response: Response): Promise<string> {
  return new TextDecoder().decode(await response.arrayBuffer());
}
