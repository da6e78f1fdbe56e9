import { WebSocketMessageFormat } from '@fanoutio/grip';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PublishError } from '../errors.js';
import { createPublisher } from './publisher.js';

// Stand-in `fetch` functions that misbehave the way a user-supplied fetch (a
// wrapper, a mock, an old polyfill) can: they never look at the AbortSignal.

/** A stand-in fetch that ignores the signal and never settles. */
const standInNeverSettles = (): Promise<Response> => new Promise<Response>(() => undefined);

/** A stand-in fetch that ignores the signal and answers 503 with a body that never ends. */
const standInEndlessBody = async (): Promise<Response> =>
  new Response(new ReadableStream<Uint8Array>({ pull: () => new Promise<void>(() => undefined) }), {
    status: 503,
  });

/** A stand-in fetch per host: `hang.test` never settles, any other host accepts. */
const standInOneHangs = async (input: RequestInfo | URL): Promise<Response> =>
  new URL(String(input)).host === 'hang.test' ? standInNeverSettles() : new Response('', { status: 200 });

/** Watches a promise from the start, so a rejection is observed when it happens. */
function watch(promise: Promise<unknown>): () => { error: unknown } | 'pending' {
  let state: { error: unknown } | 'pending' = 'pending';
  promise.then(
    () => {
      state = { error: undefined };
    },
    (error: unknown) => {
      state = { error };
    },
  );
  return () => state;
}

describe('a publish settles within its timeout even when fetch ignores the AbortSignal', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  for (const [name, fetchFn] of [
    ['never settles', standInNeverSettles],
    ['answers 503 with a body that never ends', standInEndlessBody],
  ] as const) {
    it(`rejects with a timed-out PublishError at the deadline, no timer left, when fetch ${name}`, async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
      const publish = createPublisher(
        { GRIP_URL: 'http://p.test:5561/?key=k' },
        { fetch: fetchFn as typeof fetch, timeoutMs: 300, retries: 0 },
      ).publish('room', new WebSocketMessageFormat('x'));
      const outcomeOf = watch(publish);
      await vi.advanceTimersByTimeAsync(299);
      expect(outcomeOf()).toBe('pending');
      await vi.advanceTimersByTimeAsync(1);
      const outcome = outcomeOf();
      expect(outcome).not.toBe('pending');
      const error = (outcome as { error: unknown }).error;
      expect(error).toBeInstanceOf(PublishError);
      expect(error).toMatchObject({ timedOut: true, url: 'http://p.test:5561/publish/' });
      expect((error as PublishError).message).toContain(
        'Publish to http://p.test:5561/publish/ timed out after 300 ms',
      );
      expect(vi.getTimerCount()).toBe(0);
    });
  }

  it('names the proxy that hung when another one delivered', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const publish = createPublisher(
      { GRIP_URL: 'http://ok.test/ http://hang.test/' },
      { fetch: standInOneHangs as typeof fetch, timeoutMs: 200 },
    ).publish('room', new WebSocketMessageFormat('x'));
    const outcomeOf = watch(publish);
    await vi.advanceTimersByTimeAsync(200);
    const outcome = outcomeOf();
    expect(outcome).not.toBe('pending');
    const error = (outcome as { error: unknown }).error as PublishError;
    expect(error).toBeInstanceOf(PublishError);
    expect(error.message).toContain('(http://hang.test/publish/); 1 delivered it');
    expect(error.failures).toEqual([
      expect.objectContaining({ url: 'http://hang.test/publish/', timedOut: true }),
    ]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('settles on the wall clock too: a 100 ms timeout rejects in well under a second', async () => {
    const started = Date.now();
    let giveUp: ReturnType<typeof setTimeout> | undefined;
    const error = await Promise.race([
      createPublisher(
        { GRIP_URL: 'http://p.test/' },
        { fetch: standInNeverSettles as typeof fetch, timeoutMs: 100 },
      )
        .publish('room', new WebSocketMessageFormat('x'))
        .then(
          () => 'resolved',
          (e: unknown) => e,
        ),
      new Promise((resolve) => {
        giveUp = setTimeout(() => resolve('still pending 1 s after a 100 ms timeout'), 1000);
      }),
    ]);
    clearTimeout(giveUp);
    const elapsed = Date.now() - started;
    expect(error).toMatchObject({ name: 'PublishError', timedOut: true });
    expect(elapsed).toBeGreaterThanOrEqual(90);
    expect(elapsed).toBeLessThan(600);
  });
});
