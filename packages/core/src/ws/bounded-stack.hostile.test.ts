import { describe, expect, it } from 'vitest';
import { handleRequest } from '../handle-request.js';
import type { GripHandler } from '../handler.js';
import { decodeWebSocketEvents } from './event.js';
import { getWebSocket } from './request.js';

// Bodies as a proxy batches them, built directly: the point is the size.
function body(line: string, count: number): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(line.repeat(count));
}

function wsRequest(payload: Uint8Array<ArrayBuffer>): Request {
  return new Request('http://origin.test/ws', {
    method: 'POST',
    headers: { 'Content-Type': 'application/websocket-events', 'Connection-Id': 'c1' },
    body: payload,
  });
}

const echo: GripHandler = async (request) => {
  const ws = await getWebSocket(request);
  while (ws.canRecv()) {
    const message = ws.recv();
    if (message === null) ws.close();
    else ws.send(message);
  }
  return ws.toResponse();
};

function run(handler: GripHandler, request: Request): Promise<Response> {
  return handleRequest(handler, request, { env: {}, waitUntil: () => {} }, { onError: () => {} });
}

describe('WebSocket-over-HTTP in bounded stack: huge batches answer 200, never a RangeError', () => {
  it('echoes 100,000 TEXT events: 200, every message answered', async () => {
    const response = await run(echo, wsRequest(body('TEXT 2\r\nhi\r\n', 100_000)));
    expect(response.status).toBe(200);
    const events = decodeWebSocketEvents(new Uint8Array(await response.arrayBuffer()));
    expect(events).toHaveLength(100_000);
    expect(events.every((e) => e.type === 'TEXT' && e.text === 'm:hi')).toBe(true);
  });

  it('answers 100,000 PINGs with 100,000 PONGs: 200, no RangeError', async () => {
    const response = await run(echo, wsRequest(body('PING 4\r\nping\r\n', 100_000)));
    expect(response.status).toBe(200);
    const events = decodeWebSocketEvents(new Uint8Array(await response.arrayBuffer()));
    expect(events).toHaveLength(100_000);
    expect(events.every((e) => e.type === 'PONG' && e.content?.length === 4)).toBe(true);
  });
});
