import type { GripHandler } from '@faas-grip/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { serve } from './index.js';
import { fakeBun } from './test-support.js';

const ok: GripHandler = () => new Response('ok');

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('serve', () => {
  it('binds 127.0.0.1 on the port asked for, with an idle timeout longer than a publish may take', async () => {
    const bun = fakeBun({});
    vi.stubGlobal('Bun', bun);
    const server = await serve(ok, { port: 0 });
    expect(bun.served).toMatchObject({ hostname: '127.0.0.1', port: 0, idleTimeout: 30 });
    expect(server.port).toBe(41235);
    expect(server.url).toBe('http://127.0.0.1:41235');
    const response = await bun.served?.fetch(new Request('http://127.0.0.1:41235/'), {});
    expect(await response?.text()).toBe('ok');
  });

  it('brackets an IPv6 hostname in its url, and passes idleTimeout on', async () => {
    const bun = fakeBun({});
    vi.stubGlobal('Bun', bun);
    const server = await serve(ok, { port: 8080, hostname: '::1', idleTimeout: 120 });
    expect(server.url).toBe('http://[::1]:8080');
    expect(bun.served?.idleTimeout).toBe(120);
  });

  it.each([
    [{ PORT: '9001' }, 9001],
    [{ PORT: 'eighty' }, 3000],
    [{ PORT: '70000' }, 3000],
    [{}, 3000],
  ] as const)('takes the port from Bun.env %j when none is given: %i', async (env, port) => {
    const bun = fakeBun(env);
    vi.stubGlobal('Bun', bun);
    await serve(ok);
    expect(bun.served?.port).toBe(port);
  });

  it('close() closes the connections, then waits for waitUntil work', async () => {
    const bun = fakeBun({});
    vi.stubGlobal('Bun', bun);
    let finish: () => void = () => undefined;
    const work = new Promise<void>((resolve) => {
      finish = resolve;
    }).then(() => {
      bun.events.push('work done');
    });
    const background: GripHandler = (_request, ctx) => {
      ctx.waitUntil(work);
      return new Response('accepted', { status: 202 });
    };
    const server = await serve(background, { port: 0 });
    await bun.served?.fetch(new Request('http://127.0.0.1/'), {});
    const closed = server.close().then(() => bun.events.push('closed'));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(bun.events).toEqual(['stop(true)']);
    finish();
    await closed;
    expect(bun.events).toEqual(['stop(true)', 'work done', 'closed']);
  });

  it('outside Bun, says that it needs Bun', async () => {
    await expect(serve(ok)).rejects.toThrow('@faas-grip/bun: serve() needs the Bun runtime');
  });
});
