import { type GripHandler, getWebSocket, WebSocketMessageFormat } from '@faas-grip/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTestProxy, HandshakeRefusedError, TestTimeoutError } from './index.js';

afterEach(() => {
  vi.useRealTimers();
});

/** Closes the handler heard, as "code reason". */
const heardCloses: string[] = [];

/** Echoes each message, reports how it was reached, and obeys a few commands. */
const echo: GripHandler = async (request, ctx) => {
  const ws = await getWebSocket(request);
  if (ws.isOpening()) {
    if (new URL(request.url).pathname === '/private') return new Response('who are you?\n', { status: 401 });
    ws.accept({ keepAliveInterval: 30 });
    ws.subscribe('news');
  }
  while (ws.canRecv()) {
    const message = ws.recvRaw();
    if (message === null) {
      heardCloses.push(`${ws.closeCode ?? 'none'} ${ws.closeReason}`);
      ws.close();
      break;
    }
    if (message instanceof Uint8Array) ws.sendBinary(message.slice().reverse());
    else if (message === 'who') ws.send(`proxied=${ctx.proxied} signed=${ctx.signed}`);
    else if (message.startsWith('meta ')) ws.meta.user = message.slice(5);
    else if (message === 'whoami') ws.send(`user=${ws.meta.user ?? ''}`);
    else if (message === 'bye') ws.close(4001, 'see you');
    else if (message === 'drop') ws.disconnect();
    else if (message === 'crash') throw new Error('the handler broke');
    else if (message === 'beat') ws.keepAlive({ content: 'tick', timeout: 10, mode: 'interval' });
    else if (message === 'shout') await ctx.publish('news', new WebSocketMessageFormat('extra!'));
    else ws.send(message);
  }
  return ws.toResponse();
};

describe('createTestProxy', () => {
  it('signs what it sends as the configured proxy would, so the handler sees a verified request', async () => {
    const proxy = createTestProxy(echo, {
      env: { GRIP_URL: 'http://pushpin.test:5561/?iss=pushpin&key=changeme' },
    });
    const client = await proxy.connect('/');
    await client.send('who');
    expect(await client.next()).toBe('proxied=true signed=true');
  });

  it('sends unsigned requests when told to, which a handler with a key refuses (403)', async () => {
    const proxy = createTestProxy(echo, { sign: false });
    const refused = await proxy.connect('/').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(HandshakeRefusedError);
    expect((refused as HandshakeRefusedError).status).toBe(403);
    expect((refused as HandshakeRefusedError).body).toMatch(/no Grip-Sig/);
  });

  it("passes on the handler's refusal of a handshake", async () => {
    const proxy = createTestProxy(echo);
    const refused = await proxy.connect('/private').catch((error: unknown) => error);
    expect(refused).toMatchObject({ status: 401, body: 'who are you?\n' });
  });

  it('carries text and binary both ways', async () => {
    const client = await createTestProxy(echo).connect('/');
    await client.send('hello');
    expect(await client.next()).toBe('hello');
    await client.send(new Uint8Array([1, 2, 3]));
    expect(await client.next()).toEqual(new Uint8Array([3, 2, 1]));
  });

  it('keeps the meta the handler sets, sends it back on later requests, and shows it without the seal', async () => {
    const client = await createTestProxy(echo).connect('/');
    await client.send('meta alice');
    expect(client.meta).toEqual({ user: 'alice' });
    await client.send('whoami');
    expect(await client.next()).toBe('user=alice');
  });

  it("closes with the handler's code and reason", async () => {
    const client = await createTestProxy(echo).connect('/');
    await client.send('bye');
    expect(await client.closed).toEqual({ code: 4001, reason: 'see you', wasClean: true });
    await expect(client.next()).rejects.toThrow(/closed \(4001 "see you"\) while waiting for a message/);
  });

  it("tells the handler the client's close code and reason", async () => {
    const client = await createTestProxy(echo).connect('/');
    heardCloses.length = 0;
    await client.close(4000, 'done here');
    expect(heardCloses).toEqual(['4000 done here']);
    expect(await client.closed).toMatchObject({ code: 4000, reason: 'done here' });
  });

  it('refuses a close code a client may not send, as WebSocket.close does', async () => {
    const client = await createTestProxy(echo).connect('/');
    await expect(client.close(1006)).rejects.toThrow(RangeError);
    expect(client.isOpen).toBe(true);
  });

  it('drops the client without a close frame when the handler disconnects (1006)', async () => {
    const client = await createTestProxy(echo).connect('/');
    await client.send('drop');
    expect(await client.closed).toEqual({ code: 1006, reason: '', wasClean: false });
  });

  it('says why a connection ended when the handler failed', async () => {
    const client = await createTestProxy(echo, { grip: { onError: () => undefined } }).connect('/');
    await client.send('crash');
    expect(await client.closed).toMatchObject({ code: 1006 });
    await expect(client.next()).rejects.toThrow(/closed \(1006 ""\) .*the proxy logged: origin answered 500/);
  });

  it('delivers publishes from the handler and from a publisher outside it, with the prefix applied', async () => {
    const proxy = createTestProxy(echo, { env: { GRIP_PREFIX: 'p-' } });
    const client = await proxy.connect('/');
    expect([...client.channels]).toEqual(['p-news']);
    await client.send('shout');
    expect(await client.next()).toBe('extra!');
    await proxy.publisher.publish('news', new WebSocketMessageFormat('late edition'));
    expect(await client.next()).toBe('late edition');
    expect(proxy.published('news').map((item) => item.ws)).toMatchObject([
      { type: 'text', text: 'extra!' },
      { type: 'text', text: 'late edition' },
    ]);
    expect(proxy.published('news')[0]).toMatchObject({ channel: 'news', wireChannel: 'p-news' });
  });

  it('says what next() waited for when nothing comes by the deadline', async () => {
    const client = await createTestProxy(echo).connect('/');
    const error = await client.next({ timeoutMs: 30 }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(TestTimeoutError);
    expect(String(error)).toMatch(/waited 30 ms for a message on the client of \/ .*subscribed to \[news\]/);
  });

  it('answers pings from the handler and passes the handler its pongs', async () => {
    const client = await createTestProxy(echo).connect('/');
    await client.ping('are you there');
    const frame = await client.nextFrame();
    expect(frame.type).toBe('pong');
  });

  it('runs keep-alives on fake timers: the client keep-alive and Keep-Alive-Interval requests', async () => {
    vi.useFakeTimers();
    let requests = 0;
    const counting: GripHandler = (request, ctx) => {
      requests++;
      return echo(request, ctx);
    };
    const client = await createTestProxy(counting).connect('/');
    await client.send('beat');
    const before = requests;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await client.next()).toBe('tick');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await client.next()).toBe('tick');
    // The handler asked for Keep-Alive-Interval 30: a quiet connection gets an empty request after 30 s.
    expect(requests).toBe(before);
    await vi.advanceTimersByTimeAsync(10_000);
    await client.settle();
    expect(requests).toBe(before + 1);
  });

  it('restarts: connections drop (1006), subscriptions are forgotten, new connections work', async () => {
    const proxy = createTestProxy(echo);
    const before = await proxy.connect('/');
    expect(proxy.subscribers('news')).toBe(1);
    proxy.restart();
    expect(await before.closed).toMatchObject({ code: 1006 });
    expect(proxy.subscribers('news')).toBe(0);
    const after = await proxy.connect('/');
    await proxy.publisher.publish('news', new WebSocketMessageFormat('after the restart'));
    expect(await after.next()).toBe('after the restart');
    expect(before.received).toEqual([]);
  });

  it('asks again after Keep-Alive-Interval when the handler has no verdict on OPEN yet (fake timers)', async () => {
    vi.useFakeTimers();
    let opens = 0;
    const undecided: GripHandler = (request, ctx) => {
      if (opens++ === 0) {
        return new Response(null, {
          headers: { 'Content-Type': 'application/websocket-events', 'Keep-Alive-Interval': '5' },
        });
      }
      return echo(request, ctx);
    };
    let connected = false;
    const pending = createTestProxy(undecided)
      .connect('/')
      .then((client) => {
        connected = true;
        return client;
      });
    // The first OPEN is signed with Web Crypto, which settles on the real event loop.
    await vi.waitFor(() => expect(opens).toBe(1), { timeout: 2000, interval: 5 });
    await vi.advanceTimersByTimeAsync(19_000);
    expect([opens, connected]).toEqual([1, false]);
    // Pushpin raises an interval under 20 s to 20 s.
    await vi.advanceTimersByTimeAsync(1_000);
    const client = await pending;
    expect(opens).toBe(2);
    await client.send('hello');
    expect(await client.next()).toBe('hello');
  });

  it('offers subprotocols and passes on the one the handler picks, with its extra handshake headers', async () => {
    const picky: GripHandler = async (request, ctx) => {
      const ws = await getWebSocket(request);
      if (!ws.isOpening()) return echo(request, ctx);
      ws.accept({ protocol: 'chat.v2' });
      const response = ws.toResponse();
      response.headers.set('X-Room', 'lobby');
      return response;
    };
    const client = await createTestProxy(picky).connect('/', { protocols: ['chat.v1', 'chat.v2'] });
    expect(client.protocol).toBe('chat.v2');
    expect(client.headers.get('x-room')).toBe('lobby');
  });
});
