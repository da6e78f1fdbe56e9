import type { GripEnv, GripHandler } from '@faas-grip/core';
import { roomHandler } from '@faas-grip/test-support';
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

describe('a Worker made with handle(), behind the test proxy in workerd', () => {
  it("verifies the proxy's Grip-Sig, delivers a publish to everyone in the room, and echoes bytes exactly", async () => {
    const proxy = behindProxy(roomHandler(), {}, { env: { GRIP_PREFIX: 'cf-' } });
    const alice = await proxy.connect('/chat');
    const bob = await proxy.connect('/chat');
    await alice.send('hi');
    expect([await alice.next(), await bob.next()]).toEqual(['signed hi', 'signed hi']);
    expect(proxy.published('room')).toMatchObject([{ wireChannel: 'cf-room' }]);
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    await bob.send(bytes);
    expect(await bob.next()).toEqual(bytes);
  });

  it("answers at once and hands waitUntil work to the Worker's ExecutionContext, which settled() waits for", async () => {
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

  it('refuses an unsigned request with 403, and with allowUnsigned lets it through with ctx.signed false', async () => {
    const whoSigned: GripHandler = (_request, ctx) => new Response(`signed=${ctx.signed}`);
    const unsigned = { sign: false } as const;
    expect((await behindProxy(whoSigned, {}, unsigned).fetch('/')).status).toBe(403);
    const lenient = { allowUnsigned: true };
    expect(await (await behindProxy(whoSigned, lenient, unsigned).fetch('/')).text()).toBe('signed=false');
    expect(await (await behindProxy(whoSigned, lenient).fetch('/')).text()).toBe('signed=true');
  });
});
