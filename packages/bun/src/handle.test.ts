import type { GripEnv, GripHandler } from '@faas-grip/core';
import { describeBehindProxy } from '@faas-grip/test-support/behind-proxy';
import { createTestProxy, type TestProxy } from '@faas-grip/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { handle } from './index.js';
import { fakeBun } from './test-support.js';

const hello: GripHandler = (_request, ctx) =>
  new Response(`hello ${ctx.env.GREETING ?? 'nobody'}`, { headers: { 'Content-Type': 'text/plain' } });

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('handle', () => {
  it('reads ctx.env from Bun.env by default', async () => {
    vi.stubGlobal('Bun', fakeBun({ GREETING: 'from Bun' }));
    const response = await handle(hello)(new Request('http://origin.test/'));
    expect(await response.text()).toBe('hello from Bun');
  });

  it('verifies Grip-Sig with the key from Bun.env: 403 without one', async () => {
    vi.stubGlobal('Bun', fakeBun({ GRIP_URL: 'http://127.0.0.1:5561?iss=pushpin&key=changeme' }));
    const response = await handle(hello)(new Request('http://origin.test/'));
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('no Grip-Sig header');
  });

  it('outside Bun without an env option, says that it needs Bun', () => {
    expect(() => handle(hello)).toThrow(
      '@faas-grip/bun: handle() without an env option needs the Bun runtime',
    );
  });
});

describeBehindProxy('a Bun handler made with handle()', (handler, options) => {
  const proxy: TestProxy<GripEnv> = createTestProxy<GripEnv>(
    { fetch: (request, env) => handle(handler, { env, publishFetch: proxy.publishFetch })(request) },
    options,
  );
  return proxy;
});
