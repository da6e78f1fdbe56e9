import { type GripHandler, HttpStreamFormat, holdStream } from '@faas-grip/core';
import { roomHandler } from '@faas-grip/test-support';
import { HandshakeRefusedError } from '@faas-grip/testing';
import { describe, expect, it } from 'vitest';
import { BINARY_PAYLOAD } from './fixtures/bytes.js';
import { behindFrontDoor, frontDoors } from './fixtures/front-door-proxy.js';

const named = frontDoors.map((door) => [door.name, door] as const);
const websocketDoors = named.filter(([, door]) => door.websocket);

const room = roomHandler();

describe('a handler behind the test proxy, through each front door and handle()', () => {
  it.each(named)(
    "%s: verifies the proxy's Grip-Sig, and answers an unsigned request 403",
    async (_name, door) => {
      const whoSigned: GripHandler = (_request, ctx) => new Response(ctx.signed ? 'signed' : 'unsigned');
      const signed = await behindFrontDoor(door, whoSigned).fetch('/who');
      expect([signed.status, await signed.text()]).toEqual([200, 'signed']);
      const unsigned = await behindFrontDoor(door, whoSigned, { sign: false }).fetch('/who');
      expect(unsigned.status).toBe(403);
    },
  );

  it.each(websocketDoors)(
    '%s: delivers what one client publishes to everyone in the room, and echoes bytes exactly',
    async (_name, door) => {
      const proxy = behindFrontDoor(door, room, { env: { GRIP_PREFIX: 'aws-' } });
      const alice = await proxy.connect('/chat');
      const bob = await proxy.connect('/chat');
      await alice.send('hi');
      expect([await alice.next(), await bob.next()]).toEqual(['signed hi', 'signed hi']);
      expect(proxy.published('room')).toMatchObject([{ wireChannel: 'aws-room' }]);
      await bob.send(BINARY_PAYLOAD);
      expect(await bob.next()).toEqual(BINARY_PAYLOAD);
    },
  );

  it('ALB single-value: refuses the WebSocket handshake with 400 naming the setting that allows it', async () => {
    const alb = frontDoors.find((door) => !door.websocket)!;
    const refused = await behindFrontDoor(alb, room)
      .connect('/chat')
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(HandshakeRefusedError);
    expect(refused).toMatchObject({ status: 400 });
    expect((refused as HandshakeRefusedError).body).toContain('lambda.multi_value_headers.enabled=true');
  });

  it.each(named)(
    '%s: publishes the waitUntil work before the invocation returns, as Lambda may freeze after',
    async (_name, door) => {
      const proxy = behindFrontDoor(door, (request, ctx) => {
        if (new URL(request.url).pathname === '/news') return holdStream('news');
        ctx.waitUntil(
          new Promise((resolve) => setTimeout(resolve, 20)).then(() =>
            ctx.publish('news', new HttpStreamFormat('late\n')),
          ),
        );
        return new Response('accepted', { status: 202 });
      });
      const news = await proxy.stream('/news');
      const response = await proxy.fetch('/later');
      expect([response.status, await response.text()]).toEqual([202, 'accepted']);
      // Nothing waits on the kit's own waitUntil here: the publish happened inside the invocation.
      expect(proxy.published('news')).toHaveLength(1);
      expect(await news.next()).toBe('late\n');
    },
  );
});
