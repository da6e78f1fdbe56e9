import { type HttpHandler, HttpRequest, HttpResponse, InvocationContext } from '@azure/functions';
import { type GripHandler, getWebSocket } from '@faas-grip/core';
import { createTestProxy } from '@faas-grip/testing';
import { afterEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import { handle } from './index.js';

const NOT_UTF8 = [0xff, 0xfe, 0x00, 0x80, 0xc3, 0x28];

afterEach(() => vi.unstubAllEnvs());

/** An HttpRequest as the library builds it from the host's message, body as raw bytes. */
function azureRequest(init: {
  method?: string;
  url?: string;
  headers?: Record<string, string>;
  body?: Uint8Array;
}) {
  return new HttpRequest({
    method: init.method ?? 'GET',
    url: init.url ?? 'https://chat.azurewebsites.net/chat',
    headers: init.headers ?? {},
    ...(init.body === undefined ? {} : { body: { bytes: init.body } }),
  });
}

const context = () => new InvocationContext({ invocationId: 'test-invocation', functionName: 'chat' });

/** What the library turns a handler's result into before it reaches the host. */
async function asHttpResponse(result: unknown): Promise<HttpResponse> {
  return result instanceof HttpResponse
    ? result
    : new HttpResponse(result as ConstructorParameters<typeof HttpResponse>[0]);
}

/** The test proxy in front of the function: each request becomes an HttpRequest with a raw-bytes body. */
function behindProxy(handler: GripHandler) {
  const proxy = createTestProxy({
    fetch: async (request, env): Promise<Response> => {
      const fn = handle(handler, { env, publishFetch: proxy.publishFetch });
      const { method, url } = request;
      const body = new Uint8Array(await request.arrayBuffer());
      const headers = Object.fromEntries(request.headers);
      const response = await asHttpResponse(
        await fn(azureRequest({ method, url, headers, body }), context()),
      );
      return new Response(await response.arrayBuffer(), {
        status: response.status,
        headers: response.headers,
      });
    },
  });
  return proxy;
}

describe("handle with @azure/functions' own request types; the Functions host was not run", () => {
  it('is an HttpHandler that app.http accepts', () => {
    expectTypeOf(handle(() => new Response('ok'))).toExtend<HttpHandler>();
  });

  it('echoes WebSocket-over-HTTP binary byte for byte from an HttpRequest with a raw-bytes body', async () => {
    const proxy = behindProxy(async (request) => {
      const ws = await getWebSocket(request);
      if (ws.isOpening()) ws.accept();
      while (ws.canRecv()) {
        const message = ws.recvRaw();
        if (message instanceof Uint8Array) ws.sendBinary(message);
      }
      return ws.toResponse();
    });
    const client = await proxy.connect('/chat');
    await client.send(Uint8Array.from(NOT_UTF8));
    expect(await client.next()).toEqual(Uint8Array.from(NOT_UTF8));
  });

  it('reads the body from the stream when HTTP streaming is on (the library wraps a streaming Request)', async () => {
    const fn = handle(
      async (request) => new Response(Buffer.from(await request.arrayBuffer()).toString('hex')),
      { env: {} },
    );
    const chunks = [Uint8Array.from(NOT_UTF8.slice(0, 3)), Uint8Array.from(NOT_UTF8.slice(3))];
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks.shift();
        if (next === undefined) controller.close();
        else controller.enqueue(next);
      },
    });
    // What the library builds from the host's proxied request in streaming mode (createStreamRequest).
    const streamed = new HttpRequest({
      nativeRequest: new Request('https://chat.azurewebsites.net/chat', {
        method: 'POST',
        body,
        duplex: 'half',
      } as RequestInit),
    } as ConstructorParameters<typeof HttpRequest>[0]);
    const response = await asHttpResponse(await fn(streamed, context()));
    expect(await response.text()).toBe('fffe0080c328');
  });

  it('sends several Set-Cookie headers as cookies, since the host keeps one value per header name', async () => {
    const fn = handle(
      () => {
        const headers = new Headers({ 'X-Kept': 'yes' });
        headers.append('Set-Cookie', 'a=1; Path=/; HttpOnly; SameSite=Lax');
        headers.append('Set-Cookie', 'b=2; Max-Age=60; Secure; Expires=Wed, 21 Oct 2026 07:28:00 GMT');
        return new Response('ok', { headers });
      },
      { env: {} },
    );
    const response = await asHttpResponse(await fn(azureRequest({}), context()));
    expect(response.headers.get('x-kept')).toBe('yes');
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(response.cookies).toEqual([
      { name: 'a', value: '1', path: '/', httpOnly: true, sameSite: 'Lax' },
      { name: 'b', value: '2', maxAge: 60, secure: true, expires: new Date('2026-10-21T07:28:00Z') },
    ]);
  });

  it('keeps a single Set-Cookie as the header it is', async () => {
    const fn = handle(() => new Response('ok', { headers: { 'Set-Cookie': 'a=1; Partitioned' } }), {
      env: {},
    });
    const response = await asHttpResponse(await fn(azureRequest({}), context()));
    expect([response.headers.get('set-cookie'), response.cookies]).toEqual(['a=1; Partitioned', []]);
  });

  describe('a request the adapter cannot read', () => {
    const broken = new Error('the body getter broke');
    const unreadable = () =>
      ({
        method: 'GET',
        url: 'https://chat.azurewebsites.net/api/chat',
        headers: new Headers(),
        get body(): never {
          throw broken;
        },
      }) as unknown as HttpRequest;

    it('goes to onError, not to the console, and the client gets a bare 500', async () => {
      const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
      const reported: [unknown, string][] = [];
      const fn = handle(() => new Response('ran'), {
        env: {},
        onError: (error, request) => reported.push([error, request.url]),
      });
      const response = await asHttpResponse(await fn(unreadable(), context()));
      expect([response.status, await response.text()]).toEqual([500, 'Internal Server Error\n']);
      expect(reported).toEqual([[broken, 'https://chat.azurewebsites.net/api/chat']]);
      expect(logged).not.toHaveBeenCalled();
      logged.mockRestore();
    });

    it('without onError is one console line with no stack', async () => {
      const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
      const fn = handle(() => new Response('ran'), { env: {} });
      await fn(unreadable(), context());
      expect(logged.mock.calls).toEqual([
        ['[faas-grip] could not read the Azure request:', 'Error: the body getter broke'],
      ]);
      logged.mockRestore();
    });
  });

  it('finishes waitUntil work before returning, as Azure may freeze the instance after', async () => {
    let done = false;
    const fn = handle(
      (_request, ctx) => {
        ctx.waitUntil(new Promise((resolve) => setTimeout(resolve, 30)).then(() => (done = true)));
        return new Response('accepted', { status: 202 });
      },
      { env: {} },
    );
    const response = await asHttpResponse(await fn(azureRequest({}), context()));
    expect([response.status, done]).toEqual([202, true]);
  });

  it('reads app settings from process.env, and refuses a request without Grip-Sig with 403 when a key is set', async () => {
    vi.stubEnv('GRIP_VERIFY_KEY', 'azure-test-key');
    const fn = handle(() => new Response('ran'));
    const response = await asHttpResponse(await fn(azureRequest({}), context()));
    expect(response.status).toBe(403);
    expect(await response.text()).not.toContain('azure-test-key');
  });

  it('passes the URL as the host gives it: with the default route prefix, the path starts with /api', async () => {
    const paths: string[] = [];
    const fn = handle(
      (request) => {
        paths.push(new URL(request.url).pathname);
        return new Response('ok');
      },
      { env: {} },
    );
    await fn(azureRequest({ url: 'https://chat.azurewebsites.net/api/chat' }), context());
    await fn(azureRequest({ url: 'https://chat.azurewebsites.net/chat' }), context());
    expect(paths).toEqual(['/api/chat', '/chat']);
  });

  it('streams a Response that is not complete yet (HTTP streaming on)', async () => {
    const handler: GripHandler = () =>
      new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('data: one\n\n'));
            controller.close();
          },
        }),
        { headers: { 'Content-Type': 'text/event-stream', 'Content-Length': '999' } },
      );
    const response = await asHttpResponse(await handle(handler, { env: {} })(azureRequest({}), context()));
    expect(response.headers.get('content-length')).toBeNull();
    expect(await response.text()).toBe('data: one\n\n');
  });
});
