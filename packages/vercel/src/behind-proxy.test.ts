import type { GripEnv, GripHandler } from '@faas-grip/core';
import { roomHandler } from '@faas-grip/test-support';
import { createTestProxy, type TestProxy, type TestProxyOptions } from '@faas-grip/testing';
import { describe, expect, it } from 'vitest';
import { handle } from './index.js';

/** The function handle() makes, behind the test proxy; the kit's context stands for the one Vercel passes. */
function behindProxy(handler: GripHandler, options: TestProxyOptions<GripEnv> = {}): TestProxy<GripEnv> {
  const proxy: TestProxy<GripEnv> = createTestProxy<GripEnv>(
    {
      fetch: (request, env, ctx) =>
        handle(handler, { env, publishFetch: proxy.publishFetch }).fetch(request, ctx),
    },
    options,
  );
  return proxy;
}

describe('a function made with handle(), behind the test proxy', () => {
  it('delivers what one client publishes to everyone in the room, and echoes bytes exactly', async () => {
    const proxy = behindProxy(roomHandler(), { env: { GRIP_PREFIX: 'v-' } });
    const alice = await proxy.connect('/chat');
    const bob = await proxy.connect('/chat');
    await alice.send('hi');
    expect([await alice.next(), await bob.next()]).toEqual(['signed hi', 'signed hi']);
    expect(proxy.published('room')).toMatchObject([{ wireChannel: 'v-room' }]);
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    await bob.send(bytes);
    expect(await bob.next()).toEqual(bytes);
  });

  it("answers at once and hands waitUntil work to the context's waitUntil, which settled() waits for", async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const proxy = behindProxy(roomHandler(gate));
    const client = await proxy.connect('/chat');
    await client.send('later');
    expect(proxy.published()).toEqual([]);
    release();
    await proxy.settled();
    expect(proxy.published('room')).toHaveLength(1);
    expect(await client.next()).toBe('late');
  });

  it("verifies the proxy's Grip-Sig, and answers an unsigned request 403", async () => {
    const whoSigned: GripHandler = (_request, ctx) => new Response(`signed=${ctx.signed}`);
    expect(await (await behindProxy(whoSigned).fetch('/')).text()).toBe('signed=true');
    expect((await behindProxy(whoSigned, { sign: false }).fetch('/')).status).toBe(403);
  });
});
