import { SignJWT } from 'jose';
import { describe, expect, it, vi } from 'vitest';
import { GripError, PublishError } from './errors.js';
import { handleRequest } from './handle-request.js';
import type { GripContext, GripHandler } from './handler.js';
import { WebSocketMessageFormat } from './publish/formats.js';
import { encodeWebSocketEventsBody } from './ws/event.js';
import { getWebSocket } from './ws/request.js';

const env = { GRIP_URL: `http://127.0.0.1:1?iss=pushpin&key=base64:${btoa('s3cret')}`, GRIP_PREFIX: 'app-' };

async function signed(init: RequestInit = {}, url = 'http://origin.test/'): Promise<Request> {
  const sig = await new SignJWT({ iss: 'pushpin', exp: Math.floor(Date.now() / 1000) + 60 })
    .setProtectedHeader({ alg: 'HS256' })
    .sign(new TextEncoder().encode('s3cret'));
  const headers = new Headers(init.headers);
  headers.set('Grip-Sig', sig);
  return new Request(url, { ...init, headers });
}

function run(handler: GripHandler, request: Request, options = {}) {
  const waited: Promise<unknown>[] = [];
  const response = handleRequest(handler, request, { env, waitUntil: (p) => waited.push(p) }, options);
  return { response, waited };
}

describe('handleRequest', () => {
  it('refuses a request without Grip-Sig when a key is configured, before the handler runs', async () => {
    const handler = vi.fn<GripHandler>(() => new Response('ran'));
    const response = await run(handler, new Request('http://origin.test/')).response;
    expect(response.status).toBe(403);
    expect(await response.text()).toMatch(/no Grip-Sig header/);
    expect(handler).not.toHaveBeenCalled();
  });

  it('refuses a forged Grip-Sig', async () => {
    const request = new Request('http://origin.test/', { headers: { 'Grip-Sig': 'a.b.c' } });
    const response = await run(() => new Response('ran'), request).response;
    expect(response.status).toBe(403);
    expect(await response.text()).toMatch(/did not verify/);
  });

  it('lets unsigned requests through when allowed, and says so in ctx', async () => {
    let seen: GripContext | undefined;
    const response = await run(
      (_, ctx) => {
        seen = ctx;
        return new Response('ok');
      },
      new Request('http://origin.test/'),
      { allowUnsigned: true },
    ).response;
    expect(response.status).toBe(200);
    expect(seen).toMatchObject({ proxied: false, signed: false, env });
  });

  it('marks a signed request as proxied and signed', async () => {
    let seen: GripContext | undefined;
    await run(
      (_, ctx) => {
        seen = ctx;
        return new Response('ok');
      },
      await signed(),
    ).response;
    expect(seen).toMatchObject({ proxied: true, signed: true });
  });

  it('applies the prefix to holds and to WebSocket subscriptions', async () => {
    const hold = await run((_, ctx) => ctx.holdStream(['news', { name: 'x', prevId: '1' }]), await signed())
      .response;
    expect(hold.headers.get('grip-channel')).toBe('app-news, app-x; prev-id=1');
    const raw = await run(
      () => new Response('', { headers: { 'Grip-Hold': 'stream', 'Grip-Channel': 'mychannel' } }),
      await signed(),
    ).response;
    expect(raw.headers.get('grip-channel')).toBe('app-mychannel');

    const wsRequest = await signed({
      method: 'POST',
      headers: { 'Content-Type': 'application/websocket-events', 'Connection-Id': 'c1' },
      body: encodeWebSocketEventsBody([{ type: 'OPEN' }]),
    });
    const ws = await run(async (request) => {
      const socket = await getWebSocket(request);
      socket.accept();
      socket.subscribe('room');
      return socket.toResponse();
    }, wsRequest).response;
    expect(new TextDecoder().decode(await ws.arrayBuffer())).toContain('"channel":"app-room"');
  });

  it('answers a malformed WebSocket-over-HTTP body with 400 and the reason', async () => {
    const request = await signed({
      method: 'POST',
      headers: { 'Content-Type': 'application/websocket-events', 'Connection-Id': 'c1' },
      body: 'TEXT 99\r\nshort\r\n',
    });
    const response = await run(async (r) => (await getWebSocket(r)).toResponse(), request).response;
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/Truncated WebSocket-over-HTTP body/);
  });

  it('answers a thrown error with a 500 that leaks nothing, and reports it', async () => {
    const onError = vi.fn();
    const response = await run(
      () => {
        throw new Error('database password is hunter2');
      },
      await signed(),
      { onError },
    ).response;
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toMatch(/hunter2|at /);
    expect(onError).toHaveBeenCalledOnce();
  });

  it('answers a failed publish with 502 whatever the proxy said, and reports it', async () => {
    const onError = vi.fn();
    const response = await run(
      () => {
        throw new PublishError('refused', { status: 401, body: 'bad token', url: 'http://p/publish/' });
      },
      await signed(),
      { onError },
    ).response;
    expect(response.status).toBe(502);
    expect(onError).toHaveBeenCalledOnce();
  });

  it('explains a handler that returns something other than a Response', async () => {
    const onError = vi.fn();
    const response = await run(
      // @ts-expect-error: the mistake under test
      () => undefined,
      await signed(),
      { onError },
    ).response;
    expect(response.status).toBe(500);
    expect(String(onError.mock.calls[0]?.[0])).toMatch(/returned undefined, not a Response/);
  });

  it('keeps the status of an error that carries one', async () => {
    const response = await run(
      () => {
        throw new GripError(409, 'already there');
      },
      await signed(),
    ).response;
    expect(response.status).toBe(409);
    expect(await response.text()).toBe('already there\n');
  });

  it('hands waitUntil work to the platform and reports its failure', async () => {
    const onError = vi.fn();
    const { response, waited } = run(
      (_, ctx) => {
        ctx.waitUntil(Promise.reject(new Error('late failure')));
        return new Response('ok');
      },
      await signed(),
      { onError },
    );
    await response;
    expect(waited).toHaveLength(1);
    await Promise.all(waited);
    expect(onError).toHaveBeenCalledWith(
      expect.objectContaining({ message: 'late failure' }),
      expect.any(Request),
    );
  });

  it('sends ctx.publish through options.publishFetch when given, with the prefix and publish auth', async () => {
    const seen: Array<{ url: string; auth: string | null; body: string }> = [];
    const publishFetch = vi.fn<typeof fetch>(async (input, init) => {
      const request = new Request(input, init);
      seen.push({ url: request.url, auth: request.headers.get('authorization'), body: await request.text() });
      return new Response('Published\n');
    });
    const response = await run(
      async (_, ctx) => {
        await ctx.publish('room', new WebSocketMessageFormat('hello'));
        return new Response('ok');
      },
      await signed(),
      { publishFetch },
    ).response;
    expect(response.status).toBe(200);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.url).toBe('http://127.0.0.1:1/publish/');
    expect(seen[0]?.auth).toMatch(/^Bearer /);
    expect(JSON.parse(seen[0]?.body ?? '{}').items[0].channel).toBe('app-room');
  });
});
