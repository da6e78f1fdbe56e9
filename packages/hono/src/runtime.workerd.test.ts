import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { grip, gripHandler } from './index.js';

describe('on Cloudflare Workers', () => {
  it("reads the configuration from the Worker's bindings (c.env) by default", async () => {
    const app = new Hono();
    app.use('/mw/*', grip());
    app.get('/mw/stream', (c) => c.var.grip.holdStream('news'));
    app.get(
      '/handler',
      gripHandler((_request, ctx) => ctx.holdStream('news')),
    );

    const viaMiddleware = await app.fetch(
      new Request('http://worker/mw/stream'),
      env,
      createExecutionContext(),
    );
    expect(viaMiddleware.headers.get('grip-channel')).toBe('from-binding-news');
    const viaHandler = await app.fetch(new Request('http://worker/handler'), env, createExecutionContext());
    expect(viaHandler.headers.get('grip-channel')).toBe('from-binding-news');
  });

  it("keeps work passed to ctx.waitUntil alive through the Worker's execution context", async () => {
    const finished: string[] = [];
    const app = new Hono();
    app.use('*', grip());
    app.get('/later', (c) => {
      c.var.grip.waitUntil(
        new Promise<void>((resolve) =>
          setTimeout(() => {
            finished.push('middleware');
            resolve();
          }, 20),
        ),
      );
      return c.text('accepted', 202);
    });
    app.get(
      '/handler-later',
      gripHandler((_request, ctx) => {
        ctx.waitUntil(
          new Promise<void>((resolve) =>
            setTimeout(() => {
              finished.push('handler');
              resolve();
            }, 20),
          ),
        );
        return new Response('accepted', { status: 202 });
      }),
    );

    const executionCtx = createExecutionContext();
    const first = await app.fetch(new Request('http://worker/later'), env, executionCtx);
    const second = await app.fetch(new Request('http://worker/handler-later'), env, executionCtx);
    expect([first.status, second.status]).toEqual([202, 202]);
    expect(finished).toEqual([]);
    await waitOnExecutionContext(executionCtx);
    expect(finished.sort()).toEqual(['handler', 'middleware']);
  });
});
