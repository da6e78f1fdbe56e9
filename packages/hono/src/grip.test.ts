import { type GripContext, GripError, getWebSocket, type WebSocketContext } from '@faas-grip/core';
import { decodeWebSocketEvents } from '@faas-grip/core/protocol';
import { bytesOf, eventsText, NOT_UTF8, pushpinSig, wsRequest } from '@faas-grip/test-support';
import { createTestProxy } from '@faas-grip/testing';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { type GripHonoEnv, grip, gripHandler } from './index.js';

const KEY = 'hono-test-key';
const SIGNED = { GRIP_URL: `http://127.0.0.1:9/?iss=pushpin&key=${KEY}` };

function echoApp(env: GripHonoEnv = {}): Hono {
  const app = new Hono();
  app.use('/ws/*', grip({ env }));
  app.post('/ws/echo', (c) => {
    const ws = c.var.ws;
    if (ws.isOpening()) ws.accept();
    while (ws.canRecv()) {
      const message = ws.recvRaw();
      if (message === null) ws.close();
      else if (typeof message === 'string') ws.send(message);
      else ws.sendBinary(message);
    }
    return ws.toResponse();
  });
  app.get('/ws/echo', (c) => c.var.ws.toResponse());
  return app;
}

async function coreRefusal(run: () => unknown): Promise<string> {
  try {
    await run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('core accepted what the test expected it to refuse');
}

describe('grip()', () => {
  it('hands the route a parsed WebSocketContext and answers with its response, bytes intact', async () => {
    const app = echoApp();
    const response = await app.request(
      wsRequest(
        'http://origin/ws/echo',
        bytesOf('OPEN\r\nTEXT 5\r\nhello\r\nBINARY 6\r\n', NOT_UTF8, '\r\n'),
      ),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/websocket-events');
    expect(response.headers.get('sec-websocket-extensions')).toBe('grip');
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(
      bytesOf('OPEN\r\nTEXT 7\r\nm:hello\r\nBINARY 8\r\nm:', NOT_UTF8, '\r\n'),
    );
  });

  it("answers a malformed WebSocket-over-HTTP body with a 400 carrying core's message, before the route runs", async () => {
    let routeRan = false;
    const app = new Hono();
    app.use('*', grip({ env: {} }));
    app.post('/ws', (c) => {
      routeRan = true;
      return c.var.ws.toResponse();
    });
    const body = 'TEXT 10\r\nshort\r\n';
    const expected = await coreRefusal(() => decodeWebSocketEvents(bytesOf(body)));
    const response = await app.request(wsRequest('http://origin/ws', body));
    expect(response.status).toBe(400);
    expect(await response.text()).toBe(`${expected}\n`);
    expect(routeRan).toBe(false);
  });

  it('answers a plain GET on a WebSocket route with a 400 that names what arrived', async () => {
    const expected = await coreRefusal(() => getWebSocket(new Request('http://origin/ws/echo')));
    const response = await echoApp().request('/ws/echo');
    expect(response.status).toBe(400);
    expect(await response.text()).toBe(`${expected}\n`);
    expect(expected).toContain('got GET with no Content-Type');
  });

  it('refuses requests without a valid Grip-Sig with a 403 when a key is configured', async () => {
    let routeRuns = 0;
    const app = new Hono();
    app.use('*', grip({ env: SIGNED }));
    app.get('/', (c) => {
      routeRuns += 1;
      return c.json({ proxied: c.var.grip.proxied, signed: c.var.grip.signed });
    });

    const unsigned = await app.request('/');
    expect(unsigned.status).toBe(403);
    expect(await unsigned.text()).toContain('no Grip-Sig header');

    const forged = await app.request('/', { headers: { 'Grip-Sig': await pushpinSig('pushpin', 'wrong') } });
    expect(forged.status).toBe(403);
    expect(await forged.text()).toContain('Grip-Sig did not verify');
    expect(routeRuns).toBe(0);

    const signed = await app.request('/', { headers: { 'Grip-Sig': await pushpinSig('pushpin', KEY) } });
    expect(signed.status).toBe(200);
    expect(await signed.json()).toEqual({ proxied: true, signed: true });
  });

  it('with allowUnsigned, lets unsigned requests through marked as neither proxied nor signed', async () => {
    const app = new Hono();
    app.use('*', grip({ env: SIGNED, allowUnsigned: true }));
    app.get('/', (c) => c.json({ proxied: c.var.grip.proxied, signed: c.var.grip.signed }));
    const response = await app.request('/');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ proxied: false, signed: false });
  });

  it('applies GRIP_PREFIX to held channels and to WebSocket subscriptions', async () => {
    const app = new Hono();
    // Like hono/cors: headers set on c.res before next() must survive.
    app.use('*', async (c, next) => {
      c.res.headers.set('X-Outer', 'kept');
      await next();
    });
    app.use('*', grip({ env: { GRIP_PREFIX: 'tenant-' } }));
    app.get('/stream', (c) => c.var.grip.holdStream(['news', { name: 'sports', prevId: '7' }]));
    app.get('/poll', (c) => c.var.grip.holdLongPoll('inbox', { timeout: 20 }));
    app.post('/ws', (c) => {
      c.var.ws.accept();
      c.var.ws.subscribe('room');
      return c.var.ws.toResponse();
    });

    const stream = await app.request('/stream');
    expect(stream.headers.get('grip-hold')).toBe('stream');
    expect(stream.headers.get('grip-channel')).toBe('tenant-news, tenant-sports; prev-id=7');

    const poll = await app.request('/poll');
    expect(poll.headers.get('grip-hold')).toBe('response');
    expect(poll.headers.get('grip-channel')).toBe('tenant-inbox');
    expect(poll.headers.get('x-outer')).toBe('kept');

    const ws = await app.request(wsRequest('http://origin/ws', 'OPEN\r\n'));
    expect(await eventsText(ws)).toContain('c:{"type":"subscribe","channel":"tenant-room"}');
  });

  it('registered twice on a route, runs once: the prefix is applied once', async () => {
    const app = new Hono();
    app.use('*', grip({ env: { GRIP_PREFIX: 'p-' } }));
    app.use('/live/*', grip({ env: { GRIP_PREFIX: 'p-' } }));
    app.get('/live/news', (c) => c.var.grip.holdStream('news'));
    const response = await app.request('/live/news');
    expect(response.headers.get('grip-channel')).toBe('p-news');
  });

  it("turns a GripError thrown in a route into its status and message, and leaves other errors to the app's onError", async () => {
    const app = new Hono();
    app.use('*', grip({ env: {} }));
    app.get('/grip-error', () => {
      throw new GripError(422, 'channel name is not allowed');
    });
    app.get('/http-exception', () => {
      throw new HTTPException(418, { message: 'teapot' });
    });
    app.get('/other', () => {
      throw new Error('database down');
    });
    app.onError((error, c) =>
      error instanceof HTTPException ? error.getResponse() : c.text(`app onError: ${error.message}`, 503),
    );

    const gripError = await app.request('/grip-error');
    expect(gripError.status).toBe(422);
    expect(await gripError.text()).toBe('channel name is not allowed\n');

    const exception = await app.request('/http-exception');
    expect(exception.status).toBe(418);
    expect(await exception.text()).toBe('teapot');

    const other = await app.request('/other');
    expect(other.status).toBe(503);
    expect(await other.text()).toBe('app onError: database down');
  });

  it('types c.var.grip and c.var.ws for apps that register it without chaining, and for chained apps', () => {
    const app = new Hono();
    app.use('/ws/*', grip());
    app.post('/ws/chat', (c) => {
      expectTypeOf(c.var.ws).toEqualTypeOf<WebSocketContext>();
      expectTypeOf(c.var.grip).toEqualTypeOf<GripContext<GripHonoEnv>>();
      return c.var.ws.toResponse();
    });
    new Hono().use(grip()).get('/stream', (c) => {
      expectTypeOf(c.var.grip.holdStream).returns.toEqualTypeOf<Response>();
      expectTypeOf(c.var.grip.signed).toEqualTypeOf<boolean>();
      return c.var.grip.holdStream('news');
    });
  });
});

describe('gripHandler()', () => {
  const chat = gripHandler(async (request, ctx) => {
    if (request.method === 'GET') return ctx.holdStream('news');
    const ws = await getWebSocket(request);
    if (ws.isOpening()) {
      ws.accept();
      ws.subscribe('room');
    }
    return ws.toResponse();
  });

  it('mounts a plain GripHandler as a route, with the checks and prefix of core', async () => {
    const app = new Hono();
    app.all(
      '/chat',
      gripHandler(
        (request, ctx) => (request.method === 'GET' ? ctx.holdStream('news') : new Response('posted')),
        { env: { ...SIGNED, GRIP_PREFIX: 'chat-' } },
      ),
    );
    expect((await app.request('/chat')).status).toBe(403);
    const signed = await app.request('/chat', { headers: { 'Grip-Sig': await pushpinSig('pushpin', KEY) } });
    expect(signed.status).toBe(200);
    expect(signed.headers.get('grip-channel')).toBe('chat-news');
  });

  it("behind grip(), uses the middleware's context, so the prefix is applied once", async () => {
    const app = new Hono();
    const proxy = createTestProxy(app, { env: { GRIP_PREFIX: 'mw-' } });
    app.use('*', grip({ env: (c) => c.env }));
    app.all('/chat', chat);
    const held = await proxy.request('/chat');
    expect(held).toMatchObject({ kind: 'stream', channels: ['mw-news'] });
    const client = await proxy.connect('/chat');
    expect([...client.channels]).toEqual(['mw-room']);
  });
});
