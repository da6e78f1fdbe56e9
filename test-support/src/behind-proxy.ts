import type { GripEnv, GripHandler } from '@faas-grip/core';
import type { TestProxy, TestProxyOptions } from '@faas-grip/testing';
import { describe, expect, it } from 'vitest';
import { roomHandler } from './room.js';

/** A test proxy whose requests reach `handler` through one adapter's entry, as that platform calls it. */
export type BehindProxy = (handler: GripHandler, options?: TestProxyOptions<GripEnv>) => TestProxy<GripEnv>;

/**
 * What every adapter must do behind a GRIP proxy, checked through the test
 * proxy (signed as the proxy signs, publishes delivered to its clients): a
 * chat room works with the prefix applied and bytes intact, `waitUntil` work
 * runs after the answer, and an unsigned request gets 403 while a signed one
 * is verified.
 */
export function describeBehindProxy(name: string, behindProxy: BehindProxy): void {
  describe(`${name}, behind the test proxy`, () => {
    it('delivers what one client publishes to everyone in the room, and echoes bytes exactly', async () => {
      const proxy = behindProxy(roomHandler(), { env: { GRIP_PREFIX: 'p-' } });
      const alice = await proxy.connect('/chat');
      const bob = await proxy.connect('/chat');
      await alice.send('hi');
      expect([await alice.next(), await bob.next()]).toEqual(['signed hi', 'signed hi']);
      expect(proxy.published('room')).toMatchObject([{ wireChannel: 'p-room' }]);
      const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
      await bob.send(bytes);
      expect(await bob.next()).toEqual(bytes);
    });

    it('answers at once, and the waitUntil work publishes after the answer', async () => {
      let release: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      const proxy = behindProxy(roomHandler(gate));
      const client = await proxy.connect('/chat');
      await client.send('later');
      expect(proxy.published()).toEqual([]);
      release();
      expect(await client.next()).toBe('late');
      expect(proxy.published('room')).toHaveLength(1);
    });

    it("verifies the proxy's Grip-Sig, and answers an unsigned request 403", async () => {
      const whoSigned: GripHandler = (_request, ctx) => new Response(`signed=${ctx.signed}`);
      expect(await (await behindProxy(whoSigned).fetch('/')).text()).toBe('signed=true');
      expect((await behindProxy(whoSigned, { sign: false }).fetch('/')).status).toBe(403);
    });
  });
}
