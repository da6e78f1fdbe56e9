import type { GripHandler } from '@faas-grip/core';
import { afterEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import { handle } from './index.js';

const echoMethod: GripHandler = (request, ctx) =>
  Response.json(
    { method: request.method, greeting: ctx.env.GREETING ?? null },
    { headers: { 'X-Method': request.method } },
  );

afterEach(() => {
  vi.unstubAllEnvs();
  delete (globalThis as Record<symbol, unknown>)[Symbol.for('@vercel/request-context')];
});

describe('handle', () => {
  it('is one value that works as a Web handler, a fetch export and every method export', async () => {
    const fn = handle(echoMethod, { env: {} });
    const calls = [
      fn(new Request('http://fn/', { method: 'PUT' })),
      fn.fetch(new Request('http://fn/', { method: 'PATCH' })),
      ...(['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH', 'DELETE'] as const).map((method) =>
        fn[method](new Request('http://fn/', { method })),
      ),
    ];
    const methods = (await Promise.all(calls)).map((response) => response.headers.get('x-method'));
    expect(methods).toEqual(['PUT', 'PATCH', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH', 'DELETE']);
  });

  it('has the method signatures Next.js route handlers are checked against', () => {
    const { GET, POST } = handle(echoMethod);
    // Next.js passes { params: Promise<...> } as the second argument.
    expectTypeOf<{ params: Promise<{ slug: string[] }> }>().toExtend<Parameters<typeof GET>[1]>();
    expectTypeOf<Request>().toExtend<Parameters<typeof POST>[0]>();
    expectTypeOf(POST).returns.toEqualTypeOf<Promise<Response>>();
    expect([typeof GET, typeof POST]).toEqual(['function', 'function']);
  });

  it('hands deferred work to the waitUntil of the context Vercel passes, and reports its failure to onError', async () => {
    const handed: Promise<unknown>[] = [];
    const errors: unknown[] = [];
    const fn = handle(
      (_request, ctx) => {
        ctx.waitUntil(Promise.reject(new Error('publish failed later')));
        return new Response('accepted', { status: 202 });
      },
      { env: {}, onError: (error) => errors.push(error) },
    );
    const response = await fn.fetch(new Request('http://fn/'), { waitUntil: (p) => handed.push(p) });
    expect(response.status).toBe(202);
    expect(handed).toHaveLength(1);
    await handed[0];
    expect(errors).toEqual([new Error('publish failed later')]);
  });

  it("without a context (Next.js route handlers), uses the invocation's request context; a stand-in for the one Vercel installs", async () => {
    const handed: Promise<unknown>[] = [];
    (globalThis as Record<symbol, unknown>)[Symbol.for('@vercel/request-context')] = {
      get: () => ({ waitUntil: (promise: Promise<unknown>) => handed.push(promise) }),
    };
    const fn = handle(
      (_request, ctx) => {
        ctx.waitUntil(Promise.resolve('done'));
        return new Response('accepted', { status: 202 });
      },
      { env: {} },
    );
    await fn.GET(new Request('http://fn/'), { params: Promise.resolve({}) });
    expect(handed).toHaveLength(1);
    expect(await handed[0]).toBe('done');
  });

  it('reads process.env by default, at request time, and the env option replaces it', async () => {
    const fromProcess = handle(echoMethod);
    vi.stubEnv('GREETING', 'from process.env');
    expect(await (await fromProcess.GET(new Request('http://fn/'))).json()).toEqual({
      method: 'GET',
      greeting: 'from process.env',
    });
    const fromOption = handle(echoMethod, { env: { GREETING: 'from the option' } });
    expect(await (await fromOption.GET(new Request('http://fn/'))).json()).toEqual({
      method: 'GET',
      greeting: 'from the option',
    });
  });
});
