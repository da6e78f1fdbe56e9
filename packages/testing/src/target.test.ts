import type { ExecutionContext as WorkersExecutionContext } from '@cloudflare/workers-types';
import { type GripHandler, getWebSocket, WebSocketMessageFormat } from '@faas-grip/core';
import { handleRequest } from '@faas-grip/core/adapter';
import { describe, expect, it } from 'vitest';
import { createTestProxy, type FetchTarget, type TestProxy } from './index.js';

type Env = Record<string, string | undefined>;

/** A room: each message is published to everyone on it; "later" publishes after the response, through waitUntil. */
const room: GripHandler<Env> = async (request, ctx) => {
  const ws = await getWebSocket(request);
  if (ws.isOpening()) {
    ws.accept();
    ws.subscribe('room');
  }
  while (ws.canRecv()) {
    const message = ws.recv();
    if (message === null) {
      ws.close();
      break;
    }
    if (message === 'later') ctx.waitUntil(ctx.publish('room', new WebSocketMessageFormat('afterwards')));
    else
      await ctx.publish(
        'room',
        new WebSocketMessageFormat(`${ctx.signed ? 'signed' : 'unsigned'}: ${message}`),
      );
  }
  return ws.toResponse();
};

/**
 * A Worker module as `@faas-grip/cloudflare` builds one, written against
 * Workers' own ExecutionContext type (so this file fails to compile if the
 * kit's context stops fitting it), publishing to the kit. It keeps the env
 * and context of each call to show what the kit passed.
 */
function worker(proxy: () => TestProxy<Env>) {
  const calls: Array<{ env: Env; ctx: WorkersExecutionContext }> = [];
  const module = {
    fetch(request: Request, env: Env, ctx: WorkersExecutionContext): Promise<Response> {
      calls.push({ env, ctx });
      const waitUntil = (promise: Promise<unknown>): void => ctx.waitUntil(promise);
      return handleRequest(room, request, { env, waitUntil }, { publishFetch: proxy().publishFetch });
    },
  } satisfies FetchTarget<Env>;
  return { module, calls };
}

describe('createTestProxy with an app as deployed ({ fetch })', () => {
  it('runs a Worker module: connect, send, next, with publishes reaching the other clients', async () => {
    const { module } = worker(() => proxy);
    const proxy = createTestProxy(module, { env: { GRIP_PREFIX: 'w-' } });
    const alice = await proxy.connect('/');
    const bob = await proxy.connect('/');
    await alice.send('hi');
    expect(await bob.next()).toBe('signed: hi');
    expect(await alice.next()).toBe('signed: hi');
    expect(proxy.published('room')).toMatchObject([{ wireChannel: 'w-room', ws: { text: 'signed: hi' } }]);
  });

  it("passes the proxy's env, GRIP_URL included, as the second argument, and a Workers-shaped context", async () => {
    const { module, calls } = worker(() => proxy);
    const proxy = createTestProxy(module, { env: { GREETING: 'hello' } });
    await proxy.connect('/');
    expect(calls).toHaveLength(1);
    expect(calls[0]?.env).toBe(proxy.env);
    expect(calls[0]?.env).toMatchObject({ GREETING: 'hello', GRIP_URL: expect.stringMatching(/^http:/) });
    expect(calls[0]?.ctx.props).toEqual({});
    expect(() => calls[0]?.ctx.passThroughOnException()).not.toThrow();
  });

  it('tracks what the app hands to waitUntil: settled() waits for the publish made after the response', async () => {
    const { module } = worker(() => proxy);
    const proxy = createTestProxy(module);
    const client = await proxy.connect('/');
    await client.send('later');
    await proxy.settled();
    expect(proxy.published('room').map((item) => item.ws)).toMatchObject([{ text: 'afterwards' }]);
    expect(await client.next()).toBe('afterwards');
  });

  it('says, when a wait times out, that an app whose publishes never arrived may lack proxy.publishFetch', async () => {
    // Its adapter publishes elsewhere (as through global fetch to the kit's .invalid GRIP_URL), unseen by the kit.
    const elsewhere = (() => Promise.reject(new TypeError('fetch failed'))) as typeof fetch;
    const target: FetchTarget<Env> = {
      fetch: (request, env, ctx) =>
        handleRequest(
          room,
          request,
          { env, waitUntil: ctx.waitUntil },
          { publishFetch: elsewhere, publishTimeoutMs: 100, onError: () => {} },
        ),
    };
    const proxy = createTestProxy(target, { timeoutMs: 300 });
    const client = await proxy.connect('/room');
    await client.send('later');
    await expect(client.next()).rejects.toThrow(
      /waited 300 ms for .*; nothing was published to this proxy yet: .*proxy\.publishFetch/,
    );
  });

  it('calls the app lazily, so its setup may use proxy.publishFetch after the proxy is made', async () => {
    const app = { routes: new Map<string, GripHandler<Env>>() };
    const target: FetchTarget<Env> = {
      fetch: (request, env, ctx) => {
        const handler = app.routes.get(new URL(request.url).pathname);
        if (handler === undefined) return new Response('not found\n', { status: 404 });
        return handleRequest(handler, request, { env, waitUntil: ctx.waitUntil }, { publishFetch });
      },
    };
    const proxy = createTestProxy(target);
    const { publishFetch } = proxy;
    app.routes.set('/room', room);
    const client = await proxy.connect('/room');
    await client.send('hello');
    expect(await client.next()).toBe('signed: hello');
    expect((await proxy.fetch('/elsewhere')).status).toBe(404);
    // The fetch itself is looked up at each request, too.
    target.fetch = () => new Response('replaced\n');
    expect(await (await proxy.fetch('/elsewhere')).text()).toBe('replaced\n');
  });

  it('refuses the grip option (an app configures its adapter itself) and a target that is neither shape', () => {
    const target: FetchTarget<Env> = { fetch: () => new Response('hi\n') };
    expect(() => createTestProxy(target, { grip: { allowUnsigned: true } })).toThrow(
      /the grip option configures a GripHandler/,
    );
    const neither = { handle: () => new Response('hi\n') } as unknown as FetchTarget<Env>;
    expect(() => createTestProxy(neither)).toThrow(/a GripHandler function or an object with a fetch method/);
  });
});
