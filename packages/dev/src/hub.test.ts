import { afterEach, describe, expect, it, vi } from 'vitest';
import { Hub, type Subscriber } from './hub.js';
import type { PublishItem } from './publish/item.js';

function item(content: string, id?: string, prevId?: string, channel = 'ch'): PublishItem {
  return {
    channel,
    id,
    prevId,
    wsMessage: { kind: 'message', type: 'text', content: Buffer.from(content) },
    httpStream: undefined,
    httpResponse: undefined,
  };
}

function recorder(): Subscriber & { got: string[] } {
  const got: string[] = [];
  return {
    got,
    deliver(published) {
      if (published.wsMessage?.kind !== 'message') return false;
      got.push(published.wsMessage.content.toString());
      return true;
    },
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('Hub', () => {
  it('delivers to the subscribers of the channel only', () => {
    const hub = new Hub();
    const a = recorder();
    const b = recorder();
    hub.subscribe('ch', a);
    hub.subscribe('other', b);
    expect(hub.publish(item('one'))).toBe(1);
    hub.unsubscribe('ch', a);
    expect(hub.publish(item('two'))).toBe(0);
    expect(a.got).toEqual(['one']);
    expect(b.got).toEqual([]);
  });

  it('holds an item until the one it follows arrives, then sends both in order', () => {
    const hub = new Hub();
    const a = recorder();
    hub.subscribe('ch', a);
    hub.publish(item('m1', '1'));
    expect(hub.publish(item('m3', '3', '2'))).toBe(0);
    expect(a.got).toEqual(['m1']);
    hub.publish(item('m2', '2', '1'));
    expect(a.got).toEqual(['m1', 'm2', 'm3']);
    expect(hub.lastId('ch')).toBe('3');
  });

  it('drops an id it delivered recently', () => {
    const hub = new Hub();
    const a = recorder();
    hub.subscribe('ch', a);
    hub.publish(item('m1', '1'));
    hub.publish(item('again', '1'));
    expect(a.got).toEqual(['m1']);
  });

  it('sends a held item after the wait when the gap is never filled', () => {
    vi.useFakeTimers();
    const hub = new Hub({ messageWaitMs: 5000 });
    const a = recorder();
    hub.subscribe('ch', a);
    hub.publish(item('m1', '1'));
    hub.publish(item('m5', '5', '4'));
    vi.advanceTimersByTime(4999);
    expect(a.got).toEqual(['m1']);
    vi.advanceTimersByTime(1);
    expect(a.got).toEqual(['m1', 'm5']);
  });
});
