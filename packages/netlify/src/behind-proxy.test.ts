import type { GripEnv, GripHandler } from '@faas-grip/core';
import { roomHandler } from '@faas-grip/test-support';
import { describeBehindProxy } from '@faas-grip/test-support/behind-proxy';
import { createTestProxy, type TestProxy, type TestProxyOptions } from '@faas-grip/testing';
import { describe, expect, it } from 'vitest';
import { handle } from './index.js';

/**
 * The function handle() makes, behind the test proxy. `withContext` passes the
 * kit's waitUntil as Netlify's context does; without it, as an older runtime,
 * the function must finish its work before it answers.
 */
function behindProxy(
  handler: GripHandler,
  withContext: boolean,
  options: TestProxyOptions<GripEnv> = {},
): TestProxy<GripEnv> {
  const proxy: TestProxy<GripEnv> = createTestProxy<GripEnv>(
    {
      fetch: (request, env, ctx) => {
        const fn = handle(handler, { env, publishFetch: proxy.publishFetch });
        return fn(request, withContext ? { waitUntil: (promise) => ctx.waitUntil(promise) } : undefined);
      },
    },
    options,
  );
  return proxy;
}

describeBehindProxy('a Netlify Function made with handle()', (handler, options) =>
  behindProxy(handler, true, options),
);

describe('a Netlify Function made with handle(), on a runtime whose context has no waitUntil', () => {
  it('without a context waitUntil, finishes the work before it answers', async () => {
    const proxy = behindProxy(roomHandler(), false);
    const client = await proxy.connect('/chat');
    await client.send('later');
    // The answer came only after the publish: it is there before anything is awaited.
    expect(proxy.published('room')).toHaveLength(1);
    expect(await client.next()).toBe('late');
  });
});
