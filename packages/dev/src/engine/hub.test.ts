import { afterEach, describe, expect, it, vi } from 'vitest';
import { fromUtf8, utf8 } from './bytes.js';
import { Hub, type Subscriber } from './hub.js';
import type { PublishItem } from './publish/item.js';

function item(content: string, id?: string, prevId?: string, channel = 'ch'): PublishItem {
  return {
    channel,
    id,
    prevId,
    wsMessage: { kind: 'message', type: 'text', content: utf8(content) },
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
      got.push(fromUtf8(published.wsMessage.content));
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

  it('drops a repeat of an id that is still waiting for its prev-id', () => {
    const hub = new Hub();
    const a = recorder();
    hub.subscribe('ch', a);
    hub.publish(item('m1', '1'));
    hub.publish(item('m3', '3', '2'));
    hub.publish(item('m3 again', '3'));
    hub.publish(item('m2', '2', '1'));
    expect(a.got).toEqual(['m1', 'm2', 'm3']);
  });

  it('keeps the id cache linear: 200,000 distinct ids on one channel', () => {
    const hub = new Hub();
    const a = recorder();
    hub.subscribe('ch', a);
    const started = Date.now();
    for (let i = 0; i < 200_000; i++) hub.publish(item('m', String(i)));
    // Scanning the whole cache on every publish took minutes here.
    expect(Date.now() - started).toBeLessThan(5000);
    expect(a.got).toHaveLength(200_000);
  });

  it('forgets an id after the cache time, oldest first', () => {
    vi.useFakeTimers();
    const hub = new Hub({ idCacheTtlMs: 1000 });
    const a = recorder();
    hub.subscribe('ch', a);
    hub.publish(item('m1', '1'));
    vi.advanceTimersByTime(500);
    hub.publish(item('m2', '2'));
    vi.advanceTimersByTime(500);
    hub.publish(item('m1 later', '1'));
    hub.publish(item('m2 repeat', '2'));
    expect(a.got).toEqual(['m1', 'm2', 'm1 later']);
  });

  it('releases a long chain of waiting items in a loop, not by recursion', () => {
    const hub = new Hub({ maxWaiting: 100_000 });
    const a = recorder();
    hub.subscribe('ch', a);
    hub.publish(item('m0', '0'));
    const length = 50_000;
    for (let i = length; i >= 2; i--) hub.publish(item(`m${i}`, String(i), String(i - 1)));
    expect(a.got).toEqual(['m0']);
    expect(hub.publish(item('m1', '1', '0'))).toBe(length);
    expect(a.got).toHaveLength(length + 1);
    expect(a.got.at(-1)).toBe(`m${length}`);
  });

  it('keeps at most maxWaiting items waiting on a channel, and drops a second item for the same prev-id, as Pushpin', () => {
    const notes: string[] = [];
    const hub = new Hub({ maxWaiting: 3, onDeliver: (_item, _n, note) => notes.push(note ?? '') });
    const a = recorder();
    hub.subscribe('ch', a);
    hub.publish(item('m0', '0'));
    for (let i = 10; i < 15; i++) hub.publish(item(`m${i}`, String(i), String(i - 1)));
    hub.publish(item('other m10', 'x10', '9'));
    expect(notes.filter((n) => n.endsWith('dropped'))).toEqual([
      '3 items already wait on this channel; dropped',
      '3 items already wait on this channel; dropped',
      'another item already waits for prev-id 9; dropped',
    ]);
    // The gap filled: the three that waited follow in order, the dropped ones never come.
    hub.publish(item('m9', '9', '0'));
    expect(a.got).toEqual(['m0', 'm9', 'm10', 'm11', 'm12']);
  });

  it('hands items to a subscriber that orders them itself as they arrive, and only once', () => {
    const hub = new Hub();
    const a = recorder();
    const own = Object.assign(recorder(), { ordersItself: true });
    hub.subscribe('ch', a);
    hub.subscribe('ch', own);
    hub.publish(item('m1', '1'));
    hub.publish(item('m3', '3', '2'));
    expect([a.got, own.got]).toEqual([['m1'], ['m1', 'm3']]);
    hub.publish(item('m2', '2', '1'));
    expect([a.got, own.got]).toEqual([
      ['m1', 'm2', 'm3'],
      ['m1', 'm3', 'm2'],
    ]);
    expect(hub.lastId('ch')).toBe('3');
  });

  it('passes a no-seq item at once, without moving the last id', () => {
    const hub = new Hub();
    const a = recorder();
    hub.subscribe('ch', a);
    hub.publish(item('m1', '1'));
    expect(hub.publish({ ...item('close', undefined, '7'), noSeq: true })).toBe(1);
    expect([a.got, hub.lastId('ch')]).toEqual([['m1', 'close'], '1']);
    hub.publish(item('m2', '2', '1'));
    expect(a.got).toEqual(['m1', 'close', 'm2']);
  });

  it('still delivers to the other subscribers when one throws, and reports it', () => {
    const failures: string[] = [];
    const hub = new Hub({ onSubscriberError: (_item, error) => failures.push(String(error)) });
    const a = recorder();
    const b = recorder();
    hub.subscribe('ch', a);
    hub.subscribe('ch', {
      deliver() {
        throw new RangeError('broken subscriber');
      },
    });
    hub.subscribe('ch', b);
    expect(hub.publish(item('m'))).toBe(2);
    expect([a.got, b.got, failures]).toEqual([['m'], ['m'], ['RangeError: broken subscriber']]);
  });

  it('forgets a channel nobody listens to once its ids have expired', () => {
    vi.useFakeTimers();
    const hub = new Hub({ idCacheTtlMs: 1000 });
    for (let i = 0; i < 1000; i++) hub.publish(item('m', 'id', undefined, `channel-${i}`));
    const listened = recorder();
    hub.subscribe('kept', listened);
    expect(hub.channelCount).toBe(1001);
    vi.advanceTimersByTime(2000);
    expect(hub.channelCount).toBe(1);
    hub.close();
  });
});
