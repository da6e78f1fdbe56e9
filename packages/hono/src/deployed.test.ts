import { WebSocketMessageFormat } from '@faas-grip/core';
import { createTestProxy } from '@faas-grip/testing';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { grip } from './index.js';

describe('an app with grip() as deployed, through the test proxy', () => {
  /** A room: each message is published to everyone on it; "later" publishes after the response, once released. */
  function room() {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const app = new Hono();
    const proxy = createTestProxy(app, { env: { GRIP_PREFIX: 'r-' } });
    app.use('/ws/*', grip({ env: (c) => c.env, publishFetch: proxy.publishFetch }));
    app.post('/ws/room', async (c) => {
      const { ws, grip: ctx } = c.var;
      if (ws.isOpening()) {
        ws.accept();
        ws.subscribe('room');
      }
      while (ws.canRecv()) {
        const message = ws.recv();
        if (message === null) ws.close();
        else if (message === 'later')
          ctx.waitUntil(gate.then(() => ctx.publish('room', new WebSocketMessageFormat('late'))));
        else
          await ctx.publish(
            'room',
            new WebSocketMessageFormat(`${ctx.signed ? 'signed' : 'unsigned'} ${message}`),
          );
      }
      return ws.toResponse();
    });
    return { proxy, release };
  }

  it("verifies the kit's Grip-Sig with the env it passes, and delivers what a route publishes to the room", async () => {
    const { proxy } = room();
    const alice = await proxy.connect('/ws/room');
    const bob = await proxy.connect('/ws/room');
    await alice.send('hi');
    expect([await alice.next(), await bob.next()]).toEqual(['signed hi', 'signed hi']);
    expect(proxy.published('room')).toMatchObject([{ wireChannel: 'r-room' }]);
  });

  it("answers at once and hands waitUntil work to the kit's execution context, which settled() waits for", async () => {
    const { proxy, release } = room();
    const client = await proxy.connect('/ws/room');
    await client.send('later');
    expect(proxy.published()).toEqual([]);
    release();
    await proxy.settled();
    expect(proxy.published('room').map((item) => item.ws)).toMatchObject([{ text: 'late' }]);
    expect(await client.next()).toBe('late');
  });
});
