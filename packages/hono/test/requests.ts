const encoder = new TextEncoder();

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

/** A WebSocket-over-HTTP request as the proxy sends it. */
export function wsRequest(
  url: string,
  body: Uint8Array<ArrayBuffer> | string,
  headers: Record<string, string> = {},
): Request {
  connections += 1;
  return new Request(url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/websocket-events',
      'Connection-Id': `connection-${connections}`,
      ...headers,
    },
    body,
  });
}

/** A WebSocket-over-HTTP answer as text (workerd warns when .text() reads that content type). */
export async function eventsText(response: Response): Promise<string> {
  return new TextDecoder().decode(await response.arrayBuffer());
}
