import { afterEach, describe, expect, it, vi } from 'vitest';
import { IdCache } from './id-cache.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('IdCache', () => {
  it('remembers an id per channel until its time is up', () => {
    vi.useFakeTimers();
    const cache = new IdCache(1000, 1000);
    cache.add('a', '1');
    expect([cache.has('a', '1'), cache.has('b', '1')]).toEqual([true, false]);
    vi.advanceTimersByTime(999);
    expect(cache.has('a', '1')).toBe(true);
    vi.advanceTimersByTime(1);
    expect([cache.has('a', '1'), cache.holds('a'), cache.size]).toEqual([false, false, 0]);
  });

  it('keeps an id added again for its new lifetime', () => {
    vi.useFakeTimers();
    const cache = new IdCache(1000, 1000);
    cache.add('a', '1');
    vi.advanceTimersByTime(600);
    cache.add('a', '1');
    vi.advanceTimersByTime(600);
    expect([cache.has('a', '1'), cache.size]).toEqual([true, 1]);
  });

  it('forgets the oldest ids, across channels, once their length passes the bound', () => {
    const cache = new IdCache(60_000, 10);
    cache.add('a', '1234');
    cache.add('b', '5678');
    cache.add('a', 'xyz');
    expect(cache.size).toBe(4 + 4 + 3 - 4);
    expect([cache.has('a', '1234'), cache.has('b', '5678'), cache.has('a', 'xyz')]).toEqual([
      false,
      true,
      true,
    ]);
    // One id longer than the bound is not kept at all.
    cache.add('c', 'z'.repeat(11));
    expect([cache.has('c', 'z'.repeat(11)), cache.size <= 10]).toEqual([false, true]);
  });

  it('stays within its bound under a flood of huge ids, in linear time', () => {
    const cache = new IdCache(60_000, 1_000_000);
    const huge = 'h'.repeat(100_000);
    const started = Date.now();
    for (let i = 0; i < 200_000; i++) {
      cache.add(`c${i % 7}`, i % 100 === 0 ? `${huge}${i}` : String(i));
      if (cache.size > 1_000_000) throw new Error(`the cache grew to ${cache.size} characters`);
    }
    expect(Date.now() - started).toBeLessThan(5000);
    expect(cache.has(`c${199_999 % 7}`, '199999')).toBe(true);
  });
});
