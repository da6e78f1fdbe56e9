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
});
