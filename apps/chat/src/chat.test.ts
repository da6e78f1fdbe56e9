import { createTestProxy } from '@faas-grip/testing';
import { describe, expect, it } from 'vitest';
import { chat } from './chat';

describe('the chat, through the in-process test proxy', () => {
  it('sets a nickname and relays a message to the room', async () => {
    const proxy = createTestProxy(chat, { env: { GRIP_PREFIX: 'test-' } });
    const alice = await proxy.connect('/chat');
    const bob = await proxy.connect('/chat');
    await alice.send('/nick alice');
    expect(await alice.next()).toBe('nickname set to [alice]');
    await alice.send('hi');
    expect(await bob.next()).toBe('alice: hi');
    expect(proxy.published('room')).toHaveLength(1);
  });

  it('names a sender without a nickname anonymous, and keeps a nickname per connection', async () => {
    const proxy = createTestProxy(chat);
    const alice = await proxy.connect('/chat');
    const carol = await proxy.connect('/chat');
    await alice.send('/nick alice');
    await alice.next();
    await carol.send('hello?');
    expect(await alice.next()).toBe('anonymous: hello?');
    expect(await carol.next()).toBe('anonymous: hello?');
    expect(alice.meta).toEqual({ nick: 'alice' });
  });
});
