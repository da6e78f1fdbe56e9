import type { GripEnv, GripHandler } from '@faas-grip/core';
import { describeBehindProxy } from '@faas-grip/test-support/behind-proxy';
import { createTestProxy, type TestProxy, type TestProxyOptions } from '@faas-grip/testing';
import { describe, expect, it } from 'vitest';
import { type HandleOptions, handle } from './index.js';

/** The Worker handle() makes, behind the test proxy inside workerd; its publishes go to the kit. */
function behindProxy(
  handler: GripHandler,
  options: HandleOptions = {},
  proxyOptions: TestProxyOptions<GripEnv> = {},
): TestProxy<GripEnv> {
  const proxy: TestProxy<GripEnv> = createTestProxy<GripEnv>(
    {
      fetch: (request, env, ctx) =>
        handle(handler, { ...options, publishFetch: proxy.publishFetch }).fetch(request, env, ctx),
    },
    proxyOptions,
  );
  return proxy;
}

describeBehindProxy('a Worker made with handle(), in workerd', (handler, options) =>
  behindProxy(handler, {}, options),
);

describe('a Worker made with handle(), behind the test proxy in workerd', () => {
  it('refuses an unsigned request with 403, and with allowUnsigned lets it through with ctx.signed false', async () => {
    const whoSigned: GripHandler = (_request, ctx) => new Response(`signed=${ctx.signed}`);
    const unsigned = { sign: false } as const;
    expect((await behindProxy(whoSigned, {}, unsigned).fetch('/')).status).toBe(403);
    const lenient = { allowUnsigned: true };
    expect(await (await behindProxy(whoSigned, lenient, unsigned).fetch('/')).text()).toBe('signed=false');
    expect(await (await behindProxy(whoSigned, lenient).fetch('/')).text()).toBe('signed=true');
  });
});
