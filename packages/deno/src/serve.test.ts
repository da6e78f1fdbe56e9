import type { GripHandler } from '@faas-grip/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { serve } from './index.js';
import { fakeDeno } from './test-support.js';

const ok: GripHandler = () => new Response('ok');

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('serve', () => {
  it('binds 127.0.0.1 on the port asked for, without Deno printing its own listening line', async () => {
    const deno = fakeDeno({}, []);
    vi.stubGlobal('Deno', deno);
    const server = await serve(ok, { port: 0, env: {} });
    expect(deno.served?.options).toMatchObject({ hostname: '127.0.0.1', port: 0 });
    expect(server.port).toBe(41234);
    expect(server.url).toBe('http://127.0.0.1:41234');
    const response = await deno.served?.handler(new Request('http://127.0.0.1:41234/'), {});
    expect(await response?.text()).toBe('ok');
  });

  it('brackets an IPv6 hostname in its url', async () => {
    vi.stubGlobal('Deno', fakeDeno({}, []));
    const server = await serve(ok, { port: 8080, hostname: '::1', env: {} });
    expect(server.url).toBe('http://[::1]:8080');
  });

  it.each([
    [{ PORT: '9001' }, ['PORT'], 9001],
    [{ PORT: '9001' }, [], 8000],
    [{ PORT: 'eighty' }, ['PORT'], 8000],
    [{ PORT: '70000' }, ['PORT'], 8000],
    [{}, ['PORT'], 8000],
  ] as const)(
    'takes the port from PORT %j (granted: %j) when none is given: %i',
    async (vars, granted, port) => {
      const deno = fakeDeno(vars, granted);
      vi.stubGlobal('Deno', deno);
      await serve(ok, { env: {} });
      expect(deno.served?.options.port).toBe(port);
    },
  );

  it('close() waits for the requests in flight, then for waitUntil work', async () => {
    const deno = fakeDeno({}, []);
    vi.stubGlobal('Deno', deno);
    let finish: () => void = () => undefined;
    const work = new Promise<void>((resolve) => {
      finish = resolve;
    }).then(() => {
      deno.events.push('work done');
    });
    const background: GripHandler = (_request, ctx) => {
      ctx.waitUntil(work);
      return new Response('accepted', { status: 202 });
    };
    const server = await serve(background, { port: 0, env: {} });
    await deno.served?.handler(new Request('http://127.0.0.1/'), {});
    const closed = server.close().then(() => deno.events.push('closed'));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(deno.events).toEqual(['shutdown']);
    finish();
    await closed;
    expect(deno.events).toEqual(['shutdown', 'work done', 'closed']);
  });

  it('outside Deno, says that it needs Deno', async () => {
    await expect(serve(ok)).rejects.toThrow('@faas-grip/deno: serve() needs the Deno runtime');
  });
});
