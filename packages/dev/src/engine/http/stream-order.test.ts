import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utf8 } from '../bytes.js';
import type { PublishItem } from '../publish/item.js';
import { type Offer, StreamOrder } from './stream-order.js';

function item(id: string | undefined, prevId: string | undefined, channel = 'c'): PublishItem {
  return {
    channel,
    id,
    prevId,
    wsMessage: undefined,
    httpStream: { kind: 'content', content: utf8(id ?? '-') },
    httpResponse: undefined,
  };
}

const ids = (offer: Offer | PublishItem[]) =>
  (Array.isArray(offer) ? offer : offer.kind === 'write' ? offer.items : []).map((i) => i.id);

describe('StreamOrder', () => {
  it('writes in order, holds what comes early, and writes the chain once the gap fills', () => {
    const order = new StreamOrder({ items: 10, bytes: 1000 });
    order.setPosition('c', '1', true);
    expect(ids(order.offer(item('2', '1'), 0))).toEqual(['2']);
    expect(order.offer(item('4', '3'), 0).kind).toBe('held');
    expect(order.offer(item('5', '4'), 0).kind).toBe('held');
    expect(ids(order.offer(item('3', '2'), 0))).toEqual(['3', '4', '5']);
    expect([order.waiting, order.position('c')]).toEqual([false, '5']);
  });

  it('holds an item without prev-id on a strict channel, and writes it on one that is not', () => {
    const order = new StreamOrder({ items: 10, bytes: 1000 });
    order.setPosition('c', '1', true);
    expect(order.offer(item(undefined, undefined), 0).kind).toBe('held');
    order.setPosition('d', '1', false);
    expect(ids(order.offer(item(undefined, undefined, 'd'), 0))).toEqual([undefined]);
  });

  it('writes anything while a channel has no position, and items without prev-id at once', () => {
    const order = new StreamOrder({ items: 10, bytes: 1000 });
    expect(ids(order.offer(item('9', '8'), 0))).toEqual(['9']);
    expect(ids(order.offer(item(undefined, undefined), 0))).toEqual([undefined]);
    // An item without id leaves the channel without a position, as Pushpin's channel prev-id.
    expect(order.position('c')).toBeUndefined();
  });

  it('releases what waited past the cutoff, oldest first, each with what follows it', () => {
    const order = new StreamOrder({ items: 10, bytes: 1000 });
    order.setPosition('c', '1', true);
    order.offer(item('5', '4'), 100);
    order.offer(item('3', '2'), 200);
    order.offer(item('6', '5'), 300);
    order.offer(item('9', '8'), 900);
    expect(order.oldestSince).toBe(100);
    expect(ids(order.release(300))).toEqual(['5', '6', '3']);
    expect(order.oldestSince).toBe(900);
    expect(ids(order.release())).toEqual(['9']);
  });

  it('after a recovery, writes the held items that continue from the new position and can drop the rest', () => {
    const order = new StreamOrder({ items: 10, bytes: 1000 });
    order.setPosition('c', '1', true);
    order.offer(item('3', '2'), 0);
    order.offer(item('5', '4'), 0);
    order.offer(item('6', '5'), 0, true);
    order.offer(item(undefined, undefined), 0, true);
    order.setPosition('c', '4', true);
    // Without prev-id on a strict channel it is dropped with the covered ones, as Pushpin drops it.
    expect(ids(order.continuing())).toEqual(['5', '6']);
    expect(order.clear()).toBe(2);
    order.offer(item(undefined, undefined), 0, true);
    order.setPosition('c', '6', false);
    expect(ids(order.continuing())).toEqual([undefined]);
  });

  it('drops a second item for the same prev-id, and items past the count or byte limit', () => {
    const order = new StreamOrder({ items: 2, bytes: 6 });
    order.setPosition('c', '0', true);
    expect(order.offer(item('2', '1'), 0).kind).toBe('held');
    expect(order.offer(item('2b', '1'), 0)).toMatchObject({ kind: 'dropped' });
    expect(order.offer(item('3', '2'), 0).kind).toBe('held');
    expect(order.offer(item('4', '3'), 0)).toMatchObject({ kind: 'dropped' });
    const bytes = new StreamOrder({ items: 100, bytes: 6 });
    bytes.setPosition('c', '0', true);
    expect(bytes.offer(item('aaa', 'x'), 0).kind).toBe('held');
    expect(bytes.offer(item('bbb', 'y'), 0)).toMatchObject({ kind: 'dropped' });
  });

  it('delivers any arrival order of a chain exactly once, in order, once its start arrives', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 40 })
          .chain((n) => fc.shuffledSubarray([...Array(n).keys()], { minLength: n })),
        (arrival) => {
          const order = new StreamOrder({ items: 100, bytes: 100_000 });
          order.setPosition('c', 'start', true);
          const written: Array<string | undefined> = [];
          for (const i of arrival) {
            const offer = order.offer(item(String(i), i === 0 ? 'start' : String(i - 1)), 0);
            written.push(...ids(offer));
          }
          expect(written).toEqual(arrival.map((_, i) => String(i)));
          expect(order.waiting).toBe(false);
        },
      ),
    );
  });
});
