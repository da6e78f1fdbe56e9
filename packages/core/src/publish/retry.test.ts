import { WebSocketMessageFormat } from '@fanoutio/grip';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { gripConfigFromEnv } from '../config.js';
import { PublishError } from '../errors.js';
import { publishAuthorization } from './auth.js';
import { createPublisher, type PublisherOptions } from './publisher.js';
import { backoffDelay, retryAfterMs } from './retry.js';
import { type StandInAnswer, standInProxies } from './test-support.js';

// Fake timers: waits are asserted to the millisecond without spending them.
beforeEach(() => {
  vi.useFakeTimers();
  // Jitter pinned to the top of its range, so each backoff is known.
  vi.spyOn(Math, 'random').mockReturnValue(1);
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

type Outcome = { settled: false } | { settled: true; error: unknown; at: number };

/** Starts a publish through stand-in proxies and watches when it settles. */
function publishThrough(
  gripUrl: string,
  script: Record<string, (attempt: number) => StandInAnswer>,
  options: PublisherOptions = {},
) {
  const proxies = standInProxies(script);
  const start = Date.now();
  const state: { outcome: Outcome } = { outcome: { settled: false } };
  createPublisher({ GRIP_URL: gripUrl }, { ...options, fetch: proxies.fetch })
    .publish('room', new WebSocketMessageFormat('hello'))
    .then(
      () => {
        state.outcome = { settled: true, error: undefined, at: Date.now() - start };
      },
      (error: unknown) => {
        state.outcome = { settled: true, error, at: Date.now() - start };
      },
    );
  return { proxies, state };
}

/**
 * Signs the publish tokens of `gripUrl`'s proxies now. Web Crypto signs off
 * the main thread, on a clock the fake timers do not drive; signed ahead (a
 * token is reused for a minute), a publish's timeout counts only its attempts.
 */
async function signAhead(gripUrl: string): Promise<void> {
  await Promise.all(gripConfigFromEnv({ GRIP_URL: gripUrl }).proxies.map(publishAuthorization));
}

const always = (answer: StandInAnswer) => (): StandInAnswer => answer;

describe('publish retries (stand-in publish API)', () => {
  it('retries a 503 after the proxy took the items, and the proxy delivers them once: both attempts carry the same id', async () => {
    const { proxies, state } = publishThrough('http://p.test', {
      'p.test': (n) => (n === 0 ? { status: 503, reached: true } : { status: 200, body: 'Published\n' }),
    });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(state.outcome).toMatchObject({ settled: true, error: undefined });
    const ids = proxies.requests.map((r) => r.items[0]?.id);
    expect(ids).toHaveLength(2);
    expect(ids[0]).toEqual(expect.any(String));
    expect(ids[1]).toBe(ids[0]);
    expect(proxies.delivered('p.test')).toEqual([ids[0]]);
  });

  it('keeps the id the caller gave on every attempt', async () => {
    const proxies = standInProxies({ 'p.test': (n) => (n < 2 ? 'lost-answer' : { status: 200 }) });
    const done = createPublisher({ GRIP_URL: 'http://p.test' }, { fetch: proxies.fetch }).publish(
      'room',
      new WebSocketMessageFormat('x'),
      { id: 'mine-7' },
    );
    await vi.advanceTimersByTimeAsync(1_000);
    await done;
    expect(proxies.requests.map((r) => r.items[0]?.id)).toEqual(['mine-7', 'mine-7', 'mine-7']);
    expect(proxies.delivered('p.test')).toEqual(['mine-7']);
  });

  it('waits the 1 s a 429 asks for with Retry-After: 1, then delivers', async () => {
    const { proxies, state } = publishThrough('http://p.test', {
      'p.test': (n) => (n === 0 ? { status: 429, headers: { 'Retry-After': '1' } } : { status: 200 }),
    });
    await vi.advanceTimersByTimeAsync(999);
    expect(proxies.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(proxies.requests).toHaveLength(2);
    expect(proxies.requests[1]!.at - proxies.requests[0]!.at).toBe(1_000);
    expect(state.outcome).toMatchObject({ settled: true, error: undefined });
  });

  it('waits until an HTTP-date in Retry-After', async () => {
    const retryAt = new Date(Date.now() + 3_000).toUTCString();
    const { proxies } = publishThrough('http://p.test', {
      'p.test': (n) => (n === 0 ? { status: 503, headers: { 'Retry-After': retryAt } } : { status: 200 }),
    });
    await vi.advanceTimersByTimeAsync(5_000);
    // toUTCString drops the milliseconds, so the wait is 2–3 s.
    const waited = proxies.requests[1]!.at - proxies.requests[0]!.at;
    expect(waited).toBeGreaterThan(2_000);
    expect(waited).toBeLessThanOrEqual(3_000);
  });

  it('rejects at once when Retry-After asks for more time than the publish has left', async () => {
    const { proxies, state } = publishThrough(
      'http://p.test',
      { 'p.test': always({ status: 429, body: 'slow down', headers: { 'Retry-After': '30' } }) },
      { timeoutMs: 5_000 },
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(proxies.requests).toHaveLength(1);
    expect(state.outcome).toMatchObject({ settled: true, at: 0 });
    const error = (state.outcome as { error: PublishError }).error;
    expect(error).toMatchObject({ name: 'PublishError', status: 429, body: 'slow down', timedOut: false });
    expect(error.message).toMatch(/asked to retry after 30 s, beyond the publish timeout/);
  });

  it('does not retry a 400: it will not get better', async () => {
    const { proxies, state } = publishThrough('http://p.test', {
      'p.test': always({ status: 400, body: 'Request body too large.' }),
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(proxies.requests).toHaveLength(1);
    expect(state.outcome).toMatchObject({
      settled: true,
      at: 0,
      error: { status: 400, attempts: 1, body: 'Request body too large.' },
    });
  });

  it('retries a network error with growing waits, then delivers', async () => {
    const { proxies, state } = publishThrough('http://p.test', {
      'p.test': (n) => (n < 3 ? 'refuse' : { status: 200 }),
    });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(state.outcome).toMatchObject({ settled: true, error: undefined });
    const at = proxies.requests.map((r) => r.at);
    // Ceilings 100, 200, 400 ms (random() is pinned to 1).
    expect([at[1]! - at[0]!, at[2]! - at[1]!, at[3]! - at[2]!]).toEqual([100, 200, 400]);
  });

  it('gives a PublishError naming the proxy exactly at the timeout when it stays down', async () => {
    await signAhead('http://down.test:5561/?iss=pushpin&key=s3cret');
    const { proxies, state } = publishThrough(
      'http://down.test:5561/?iss=pushpin&key=s3cret',
      { 'down.test:5561': always('refuse') },
      { timeoutMs: 3_000 },
    );
    await vi.advanceTimersByTimeAsync(2_999);
    expect(state.outcome.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(state.outcome).toMatchObject({ settled: true, at: 3_000 });
    const error = (state.outcome as { error: PublishError }).error;
    expect(error).toBeInstanceOf(PublishError);
    expect(error).toMatchObject({ status: 0, timedOut: true, url: 'http://down.test:5561/publish/' });
    expect(error.attempts).toBe(proxies.requests.length);
    expect(error.attempts).toBeGreaterThan(3);
    expect(error.message).toMatch(/^Publish to http:\/\/down\.test:5561\/publish\/ timed out after 3000 ms/);
    expect(error.message).not.toContain('s3cret');
  });

  it('gives up on a proxy that never answers at the timeout', async () => {
    const { state } = publishThrough(
      'http://hung.test',
      { 'hung.test': always('hang') },
      { timeoutMs: 2_000 },
    );
    await vi.advanceTimersByTimeAsync(2_000);
    expect(state.outcome).toMatchObject({
      settled: true,
      at: 2_000,
      error: { timedOut: true, attempts: 1, url: 'http://hung.test/publish/' },
    });
  });

  it('stops after `retries` retries', async () => {
    const { proxies, state } = publishThrough(
      'http://p.test',
      { 'p.test': always({ status: 502, body: 'bad gateway' }) },
      { retries: 2 },
    );
    await vi.advanceTimersByTimeAsync(1_000);
    expect(proxies.requests).toHaveLength(3);
    expect(state.outcome).toMatchObject({
      settled: true,
      error: { status: 502, attempts: 3, timedOut: false },
    });
    expect((state.outcome as { error: Error }).error.message).toMatch(
      /failed after 3 attempts: status 502: bad gateway/,
    );
  });

  it('publishes to every proxy at once; one that stays down is named alone, the other delivered', async () => {
    await signAhead('http://up.test/?iss=pushpin&key=k1 http://down.test/?iss=pushpin&key=k2');
    const { proxies, state } = publishThrough(
      'http://up.test/?iss=pushpin&key=k1 http://down.test/?iss=pushpin&key=k2',
      { 'up.test': always({ status: 200 }), 'down.test': always('refuse') },
      { timeoutMs: 1_000 },
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(proxies.delivered('up.test')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1_000);
    const error = (state.outcome as { error: PublishError }).error;
    expect(error).toBeInstanceOf(PublishError);
    expect(error.failures.map((f) => f.url)).toEqual(['http://down.test/publish/']);
    expect(error.url).toBe('http://down.test/publish/');
    expect(error.message).toMatch(
      /^Publish failed on 1 of 2 proxies \(http:\/\/down\.test\/publish\/\); 1 delivered it: Publish to http:\/\/down\.test\/publish\/ timed out/,
    );
    expect(error.message).not.toContain('up.test');
    expect(proxies.requestsTo('up.test')).toHaveLength(1);
  });

  it('names every proxy that failed, each with its own reason', async () => {
    const { state } = publishThrough(
      'http://a.test http://b.test http://c.test',
      {
        'a.test': always({ status: 401, body: 'bad token' }),
        'b.test': always('refuse'),
        'c.test': always({ status: 200 }),
      },
      { timeoutMs: 500 },
    );
    await vi.advanceTimersByTimeAsync(500);
    const error = (state.outcome as { error: PublishError }).error;
    expect(error.failures).toMatchObject([
      { url: 'http://a.test/publish/', status: 401, body: 'bad token', timedOut: false, attempts: 1 },
      { url: 'http://b.test/publish/', status: 0, timedOut: true },
    ]);
    // The first failure's fields lead, as with one proxy.
    expect(error).toMatchObject({ status: 401, url: 'http://a.test/publish/' });
    expect(error.message).toMatch(
      /failed on 2 of 3 proxies \(http:\/\/a\.test\/publish\/, http:\/\/b\.test\/publish\/\)/,
    );
    expect(error.cause).toBeInstanceOf(AggregateError);
  });

  it('does not follow a redirect: the POST would become a GET somewhere else', async () => {
    const { proxies, state } = publishThrough('http://p.test', {
      'p.test': always({ status: 301, headers: { Location: 'http://elsewhere.test/publish/' } }),
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(proxies.requests).toHaveLength(1);
    expect((state.outcome as { error: Error }).error.message).toMatch(
      /refused with status 301 \(a redirect to http:\/\/elsewhere\.test\/publish\/; put the final URL in GRIP_URL\)/,
    );
  });

  it('leaves no timer running once a publish has settled, so a function can end', async () => {
    const { state } = publishThrough('http://p.test', {
      'p.test': (n) => (n === 0 ? 'refuse' : { status: 200 }),
    });
    await vi.advanceTimersByTimeAsync(500);
    expect(state.outcome.settled).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('retry pieces', () => {
  it('reads Retry-After as seconds or an HTTP-date, and ignores anything else', () => {
    const now = Date.parse('Sun, 06 Nov 1994 08:49:37 GMT');
    expect(retryAfterMs('1', now)).toBe(1_000);
    expect(retryAfterMs(' 120 ', now)).toBe(120_000);
    expect(retryAfterMs('Sun, 06 Nov 1994 08:49:40 GMT', now)).toBe(3_000);
    expect(retryAfterMs('Sun, 06 Nov 1994 08:49:30 GMT', now)).toBe(0);
    for (const junk of ['-1', '1.5', 'soon', '', 'Sun Nov  6 08:49:37 1994']) {
      expect(retryAfterMs(junk, now)).toBeUndefined();
    }
    expect(retryAfterMs(null, now)).toBeUndefined();
  });

  it('draws a backoff below min(max, min·2^retry)', () => {
    const policy = { retries: Infinity, minDelayMs: 100, maxDelayMs: 1_000 };
    expect([0, 1, 2, 3, 4, 10].map((retry) => backoffDelay(retry, policy, () => 1))).toEqual([
      100, 200, 400, 800, 1_000, 1_000,
    ]);
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
  });

  it('refuses options that would break the timing', () => {
    const make = (options: PublisherOptions) => () => createPublisher({ GRIP_URL: 'http://p.test' }, options);
    expect(make({ timeoutMs: 0 })).toThrow(RangeError);
    expect(make({ timeoutMs: Number.NaN })).toThrow(/timeoutMs/);
    expect(make({ timeoutMs: 2 ** 31 })).toThrow(/timeoutMs/);
    expect(make({ retries: -1 })).toThrow(/retries/);
    expect(make({ retries: 1.5 })).toThrow(/whole number/);
    expect(make({ minDelayMs: 500, maxDelayMs: 100 })).toThrow(/maxDelayMs/);
    expect(make({ retries: 0, minDelayMs: 0, maxDelayMs: 0, timeoutMs: 1 })).not.toThrow();
  });
});
