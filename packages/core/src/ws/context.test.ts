import { describe, expect, it } from 'vitest';
import { WebSocketEventsError } from '../errors.js';
import { encodeClosePayload } from './close.js';
import type { WebSocketContext } from './context.js';
import { decodeWebSocketEvents, encodeWebSocketEventsBody, type WebSocketEventType } from './event.js';
import { getWebSocket } from './request.js';

type Event = { type: WebSocketEventType; content?: Uint8Array | string };

function wsRequest(events: Event[], headers: Record<string, string> = {}): Request {
  return new Request('http://origin.test/ws', {
    method: 'POST',
    headers: {
      'Content-Type': 'application/websocket-events',
      Accept: 'application/websocket-events',
      'Connection-Id': 'conn-1',
      ...headers,
    },
    body: encodeWebSocketEventsBody(events),
  });
}

async function answer(ws: WebSocketContext) {
  const response = ws.toResponse();
  const events = decodeWebSocketEvents(new Uint8Array(await response.arrayBuffer()));
  const text = (content: Uint8Array | undefined) => (content ? new TextDecoder().decode(content) : undefined);
  return {
    response,
    events: events.map((e) => ({ type: e.type, text: text(e.content), content: e.content })),
  };
}

describe('WebSocketContext', () => {
  it('accepts an opening connection with the headers Pushpin requires', async () => {
    const ws = await getWebSocket(wsRequest([{ type: 'OPEN' }]));
    expect(ws.isOpening()).toBe(true);
    expect(ws.id).toBe('conn-1');
    ws.accept();
    ws.subscribe('room');
    const { response, events } = await answer(ws);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/websocket-events');
    expect(response.headers.get('sec-websocket-extensions')).toBe('grip');
    expect(events.map((e) => e.type)).toEqual(['OPEN', 'TEXT']);
    expect(events[1]!.text).toBe('c:{"type":"subscribe","channel":"room"}');
  });

  it('refuses an opening connection the handler did not accept', async () => {
    const ws = await getWebSocket(wsRequest([{ type: 'OPEN' }]));
    expect(ws.toResponse().status).toBe(403);
  });

  it('echoes text and binary messages with the m: prefix', async () => {
    const ws = await getWebSocket(
      wsRequest([
        { type: 'TEXT', content: 'héllo' },
        { type: 'BINARY', content: new Uint8Array([0xff, 0]) },
      ]),
    );
    expect(ws.recv()).toBe('héllo');
    const raw = ws.recvRaw();
    expect(raw).toEqual(new Uint8Array([0xff, 0]));
    expect(ws.canRecv()).toBe(false);
    ws.send('héllo');
    ws.sendBinary(raw as Uint8Array);
    const { events } = await answer(ws);
    expect(events[0]).toMatchObject({ type: 'TEXT', text: 'm:héllo' });
    expect(events[1]?.type).toBe('BINARY');
    expect([...(events[1]?.content ?? [])]).toEqual([109, 58, 0xff, 0]);
  });

  it('answers every PING with a PONG carrying its payload, even with no recv()', async () => {
    const ws = await getWebSocket(
      wsRequest([
        { type: 'PING', content: 'one' },
        { type: 'PING', content: 'two' },
      ]),
    );
    expect(ws.canRecv()).toBe(false);
    const { events } = await answer(ws);
    expect(events).toMatchObject([
      { type: 'PONG', text: 'one' },
      { type: 'PONG', text: 'two' },
    ]);
  });

  it('reads a client CLOSE code and reason and echoes them on close()', async () => {
    const ws = await getWebSocket(
      wsRequest([{ type: 'CLOSE', content: encodeClosePayload(4002, 'client-bye') }]),
    );
    expect(ws.recv()).toBeNull();
    expect(ws.closeCode).toBe(4002);
    expect(ws.closeReason).toBe('client-bye');
    ws.close();
    const { events } = await answer(ws);
    expect(events).toHaveLength(1);
    expect(events[0]?.content).toEqual(encodeClosePayload(4002, 'client-bye'));
  });

  it('sends a close code and reason', async () => {
    const ws = await getWebSocket(wsRequest([{ type: 'TEXT', content: 'bye' }]));
    ws.recv();
    ws.close(4001, 'bye');
    const { events } = await answer(ws);
    expect(events.at(-1)?.content).toEqual(encodeClosePayload(4001, 'bye'));
  });

  it('refuses close codes that cannot go on the wire', async () => {
    const ws = await getWebSocket(wsRequest([]));
    expect(() => ws.close(1006)).toThrow(RangeError);
    expect(() => ws.close(4000, 'x'.repeat(124))).toThrow(/at most 123/);
  });

  it('returns null for a DISCONNECT', async () => {
    const ws = await getWebSocket(wsRequest([{ type: 'DISCONNECT' }]));
    expect(ws.recv()).toBeNull();
    expect(ws.disconnected).toBe(true);
  });

  it('sends Set-Meta headers for changed and removed meta only', async () => {
    const ws = await getWebSocket(
      wsRequest([{ type: 'TEXT', content: 'x' }], { 'Meta-User': 'alice', 'Meta-Room': 'a' }),
    );
    expect(ws.meta).toEqual({ user: 'alice', room: 'a' });
    ws.meta.nick = 'bob';
    delete ws.meta.room;
    const { response } = await answer(ws);
    expect(response.headers.get('set-meta-nick')).toBe('bob');
    expect(response.headers.get('set-meta-room')).toBe('');
    expect(response.headers.has('set-meta-user')).toBe(false);
  });

  it('carries meta text a header cannot hold as is, and reads it back', async () => {
    const ws = await getWebSocket(wsRequest([]));
    ws.meta.nick = 'zoë 🙂';
    const header = ws.toResponse().headers.get('set-meta-nick');
    expect(header).toMatch(/^[\x20-\x7e]+$/);
    const next = await getWebSocket(wsRequest([], { 'Meta-Nick': header ?? '' }));
    expect(next.meta.nick).toBe('zoë 🙂');
  });

  it('opens then closes when the handler closes during the handshake, so the client sees the code', async () => {
    const ws = await getWebSocket(wsRequest([{ type: 'OPEN' }]));
    ws.close(4003, 'not today');
    const { response, events } = await answer(ws);
    expect(response.status).toBe(200);
    expect(events.map((e) => e.type)).toEqual(['OPEN', 'CLOSE']);
    expect(events[1]?.content).toEqual(encodeClosePayload(4003, 'not today'));
  });

  it("echoes the client's close even when the handler does not close", async () => {
    const ws = await getWebSocket(wsRequest([{ type: 'CLOSE', content: encodeClosePayload(1001, 'going') }]));
    const { events } = await answer(ws);
    expect(events).toHaveLength(1);
    expect(events[0]?.content).toEqual(encodeClosePayload(1001, 'going'));
  });

  it('ignores accept() on a connection that is already open', async () => {
    const ws = await getWebSocket(wsRequest([{ type: 'TEXT', content: 'x' }]));
    ws.accept();
    const { events } = await answer(ws);
    expect(events.map((e) => e.type)).not.toContain('OPEN');
  });

  it('takes the channel prefix from ctx when given one', async () => {
    const ws = await getWebSocket(wsRequest([{ type: 'OPEN' }]), { config: { prefix: 'p-' } });
    ws.accept();
    ws.subscribe('room');
    const { events } = await answer(ws);
    expect(events[1]?.text).toBe('c:{"type":"subscribe","channel":"p-room"}');
  });

  it('echoes the subprotocol the client offered, or the one chosen', async () => {
    const offered = { 'Sec-WebSocket-Protocol': 'graphql-transport-ws, chat' };
    const first = await getWebSocket(wsRequest([{ type: 'OPEN' }], offered));
    first.accept();
    expect(first.toResponse().headers.get('sec-websocket-protocol')).toBe('graphql-transport-ws');
    const chosen = await getWebSocket(wsRequest([{ type: 'OPEN' }], offered));
    chosen.accept({ protocol: 'chat', keepAliveInterval: 30 });
    expect(chosen.toResponse().headers.get('sec-websocket-protocol')).toBe('chat');
    expect(chosen.toResponse().headers.get('keep-alive-interval')).toBe('30');
    const wrong = await getWebSocket(wsRequest([{ type: 'OPEN' }], offered));
    expect(() => wrong.accept({ protocol: 'mqtt' })).toThrow(/not offered/);
  });

  it('builds keep-alive, set-meta and detach control messages', async () => {
    const ws = await getWebSocket(wsRequest([]));
    ws.keepAlive({ content: 'ka', timeout: 0.5, mode: 'interval' });
    ws.setMeta('Role', 'admin');
    ws.detach();
    const { events, response } = await answer(ws);
    expect(events.map((e) => e.text)).toEqual([
      'c:{"type":"keep-alive","content":"ka","timeout":1,"mode":"interval"}',
      'c:{"type":"set-meta","name":"role","value":"admin"}',
      'c:{"type":"detach"}',
    ]);
    expect(ws.meta.role).toBe('admin');
    // Pushpin hands back only meta set by headers, so set-meta is mirrored in one.
    expect(response.headers.get('set-meta-role')).toBe('admin');
  });

  it('returns the same context when asked twice for one request', async () => {
    const request = wsRequest([{ type: 'TEXT', content: 'once' }]);
    expect(await getWebSocket(request)).toBe(await getWebSocket(request));
  });

  it.each([
    ['a GET', new Request('http://origin.test/ws'), /Not a WebSocket-over-HTTP request: expected POST/],
    [
      'a request without Connection-Id',
      new Request('http://origin.test/ws', {
        method: 'POST',
        headers: { 'Content-Type': 'application/websocket-events' },
        body: 'OPEN\r\n',
      }),
      /no Connection-Id/,
    ],
  ])('rejects %s with a 400', async (_, request, message) => {
    const error = await getWebSocket(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WebSocketEventsError);
    expect((error as Error).message).toMatch(message);
  });
});
