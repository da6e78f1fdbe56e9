import { afterEach, describe, expect, it, vi } from 'vitest';
import { OriginKeepAlive } from './keep-alive.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('OriginKeepAlive', () => {
  it('raises an interval under 20 s to 20 s, as Pushpin does', () => {
    vi.useFakeTimers();
    let fired = 0;
    const keepAlive = new OriginKeepAlive(() => fired++);
    expect(keepAlive.setInterval('5')).toBeUndefined();
    keepAlive.arm();
    vi.advanceTimersByTime(19_999);
    expect(fired).toBe(0);
    vi.advanceTimersByTime(1);
    expect(fired).toBe(1);
  });

  it('ignores an interval that is not a positive number a timer can wait for, saying why', () => {
    vi.useFakeTimers();
    let fired = 0;
    const keepAlive = new OriginKeepAlive(() => fired++);
    for (const value of ['soon', '-1', '0', '1e12']) expect(keepAlive.setInterval(value)).toMatch(/ignored$/);
    keepAlive.arm();
    vi.advanceTimersByTime(60_000);
    expect(fired).toBe(0);
  });
});
