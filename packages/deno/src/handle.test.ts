import type { GripEnv, GripHandler } from '@faas-grip/core';
import { describeBehindProxy } from '@faas-grip/test-support/behind-proxy';
import { createTestProxy, type TestProxy } from '@faas-grip/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { handle } from './index.js';
import { fakeDeno } from './test-support.js';

const hello: GripHandler = (_request, ctx) =>
  new Response(`hello ${ctx.env.GREETING ?? 'nobody'}`, { headers: { 'Content-Type': 'text/plain' } });

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('handle', () => {
  it('reads ctx.env from Deno.env by default', async () => {
    vi.stubGlobal(
      'Deno',
      fakeDeno({ GREETING: 'from Deno' }, [
        'GRIP_URL',
        'GRIP_VERIFY_KEY',
        'GRIP_VERIFY_ISS',
        'GRIP_PREFIX',
        'GRIP_META_KEY',
        'GREETING',
      ]),
    );
    const response = await handle(hello)(new Request('http://origin.test/'));
    expect(await response.text()).toBe('hello from Deno');
  });

  it('answers 500 and reports which flag is missing when Deno may not read the GRIP settings', async () => {
    vi.stubGlobal('Deno', fakeDeno({ GRIP_URL: 'http://127.0.0.1:5561?iss=pushpin&key=changeme' }, []));
    const onError = vi.fn();
    const response = await handle(hello, { onError })(new Request('http://origin.test/'));
    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain('changeme');
    expect(onError).toHaveBeenCalledOnce();
    expect(String(onError.mock.calls[0]?.[0])).toContain(
      'Deno may not read GRIP_URL: run it with --allow-env=GRIP_*',
    );
  });

  it('verifies Grip-Sig with the configured key: 403 without one', async () => {
    const env = { GRIP_URL: 'http://127.0.0.1:5561?iss=pushpin&key=changeme' };
    const response = await handle(hello, { env })(new Request('http://origin.test/'));
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('no Grip-Sig header');
  });

  it('outside Deno without an env option, says that it needs Deno', () => {
    expect(() => handle(hello)).toThrow(
      '@faas-grip/deno: handle() without an env option needs the Deno runtime',
    );
  });
});

describeBehindProxy('a Deno handler made with handle()', (handler, options) => {
  const proxy: TestProxy<GripEnv> = createTestProxy<GripEnv>(
    { fetch: (request, env) => handle(handler, { env, publishFetch: proxy.publishFetch })(request) },
    options,
  );
  return proxy;
});
