import type { GripEnv, GripHandler } from '@faas-grip/core';
import { roomHandler } from '@faas-grip/test-support';
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

describe('a Netlify Function made with handle(), behind the test proxy', () => {
  it("verifies the proxy's Grip-Sig, delivers a publish to everyone in the room, and echoes bytes exactly", async () => {
    const proxy = behindProxy(roomHandler(), true, { env: { GRIP_PREFIX: 'n-' } });
    const alice = await proxy.connect('/chat');
    const bob = await proxy.connect('/chat');
    await alice.send('hi');
    expect([await alice.next(), await bob.next()]).toEqual(['signed hi', 'signed hi']);
    expect(proxy.published('room')).toMatchObject([{ wireChannel: 'n-room' }]);
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    await bob.send(bytes);
    expect(await bob.next()).toEqual(bytes);
    expect((await behindProxy(roomHandler(), true, { sign: false }).fetch('/chat')).status).toBe(403);
  });

  it("answers at once and hands waitUntil work to the context's waitUntil, which settled() waits for", async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const proxy = behindProxy(roomHandler(gate), true);
    const client = await proxy.connect('/chat');
    await client.send('later');
    expect(proxy.published()).toEqual([]);
    release();
    await proxy.settled();
    expect(await client.next()).toBe('late');
  });

  it('without a context waitUntil, finishes the work before it answers', async () => {
    const proxy = behindProxy(roomHandler(), false);
    const client = await proxy.connect('/chat');
    await client.send('later');
    // The answer came only after the publish: it is there before anything is awaited.
    expect(proxy.published('room')).toHaveLength(1);
    expect(await client.next()).toBe('late');
  });
});
