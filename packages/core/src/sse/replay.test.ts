import { describe, expect, it } from 'vitest';
import { handleRequest } from '../handle-request.js';
import type { EventLog, LoggedEvent } from './event-log.js';
import { type EventStream, eventStream } from './event-stream.js';
import { memoryEventLog } from './memory-log.js';
import { parseEventStream } from './test-support.js';

// What one answer replays is bounded in events and in bytes, and one event a
// store should not hold costs that event only, never the stream.

const env = { GRIP_PREFIX: 'app-' };

async function get(stream: EventStream, lastEventId: string) {
  const reported: unknown[] = [];
  const response = await handleRequest(
    (req, ctx) => stream.hold(req, ctx),
    new Request('http://origin.test/events', { headers: { 'Last-Event-ID': lastEventId } }),
    { env, waitUntil: () => {} },
    { allowUnsigned: true, onError: (error) => reported.push(error) },
  );
  const body = await response.text();
  // Reports go out through waitUntil, after the answer: a few turns of the event loop at most.
  for (let turn = 0; turn < 10 && reported.length === 0; turn++) await new Promise((r) => setTimeout(r, 0));
  return { status: response.status, channel: response.headers.get('grip-channel'), body, reported };
}

const utf8Length = (text: string) => new TextEncoder().encode(text).length;

async function appended(log: EventLog, count: number, data: (i: number) => string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 1; i <= count; i++) ids.push((await log.append('feed', { data: data(i) })).id);
  return ids;
}

describe('replay bounds', () => {
  it('stops at the last whole event within replayBytes (1 MiB by default), prev-id the last id in the body', async () => {
    const log = memoryEventLog();
    const feed = eventStream('feed', { log });
    const ids = await appended(log, 30, (i) => `${i}`.padEnd(100_000, 'x'));
    const { status, channel, body } = await get(feed, ids[0]!);
    expect(status).toBe(200);
    expect(utf8Length(body)).toBeLessThanOrEqual(1024 * 1024);
    const events = parseEventStream(body).events;
    // 100 KB events: ten fit in 1 MiB, the eleventh would not.
    expect(events.map((e) => e.lastEventId)).toEqual(ids.slice(1, 11));
    expect(channel).toBe(`app-feed; prev-id=${ids[10]}`);
    // The proxy's next-link request asks from that prev-id and gets the next ones.
    const next = await get(feed, ids[10]!);
    expect(parseEventStream(next.body).events.map((e) => e.lastEventId)).toEqual(ids.slice(11, 21));
  });

  it('counts bytes, not characters, and sends one event alone when it is larger than the budget', async () => {
    const log = memoryEventLog();
    const feed = eventStream('feed', { log, replayBytes: 1024 });
    // 300 two-byte characters: 600 bytes of data each, so one event per answer (three if characters were counted).
    const ids = await appended(log, 4, () => 'é'.repeat(300));
    const { body, channel } = await get(feed, ids[0]!);
    expect(parseEventStream(body).events.map((e) => e.lastEventId)).toEqual([ids[1]]);
    expect(channel).toBe(`app-feed; prev-id=${ids[1]}`);
    const large = await log.append('feed', { data: 'y'.repeat(5000) });
    const alone = await get(feed, ids[3]!);
    expect(parseEventStream(alone.body).events.map((e) => e.lastEventId)).toEqual([large.id]);
    expect(alone.channel).toBe(`app-feed; prev-id=${large.id}`);
  });

  it('refuses replayLimit and replayBytes out of range where the stream is made, with a RangeError', () => {
    const log = memoryEventLog();
    for (const replayLimit of [0, 10_001, Number.MAX_SAFE_INTEGER, 1.5, Number.NaN]) {
      expect(() => eventStream('feed', { log, replayLimit })).toThrow(
        /replayLimit must be a whole number from 1 to 10000/,
      );
    }
    for (const replayBytes of [0, 1023, 64 * 1024 * 1024 + 1, Number.POSITIVE_INFINITY, 2048.5]) {
      expect(() => eventStream('feed', { log, replayBytes })).toThrow(RangeError);
    }
    expect(eventStream('feed', { log, replayLimit: 10_000, replayBytes: 1024 })).toBeDefined();
  });

  it('answers a log that returns far more events than asked with a reset, not a stack overflow', async () => {
    const many: LoggedEvent[] = Array.from({ length: 300_000 }, (_, i) => ({ id: `e${i + 1}`, data: 'x' }));
    const generous: EventLog = {
      append: () => Promise.reject(new Error('unused')),
      read: async () => ({ status: 'ok', events: many, lastId: 'e300000' }),
    };
    const { status, body, channel } = await get(
      eventStream('feed', { log: generous, replayLimit: 10_000 }),
      'e0',
    );
    expect(status).toBe(200);
    expect(parseEventStream(body).events).toEqual([
      { type: 'reset', data: '{"reason":"too-old"}', lastEventId: 'e300000' },
    ]);
    expect(channel).toBe('app-feed; prev-id=e300000');
  });

  it('leaves out an event it cannot encode, reports it, and replays the others', async () => {
    const held: LoggedEvent[] = [
      { id: 'e1', data: 'ok' },
      { id: 'e2', data: 'bad\0' },
      { id: 'e3', data: 'fine', event: 'x\ny' },
      { id: 'e4', data: 'after' },
      { id: 'e5', data: 'last bad\0' },
    ];
    const store: EventLog = {
      append: () => Promise.reject(new Error('unused')),
      read: async () => ({ status: 'ok', events: held, lastId: 'e5' }),
    };
    const { status, body, channel, reported } = await get(eventStream('feed', { log: store }), 'e0');
    expect(status).toBe(200);
    expect(parseEventStream(body).events).toEqual([
      { type: 'message', data: 'ok', lastEventId: 'e1' },
      { type: 'message', data: 'after', lastEventId: 'e4' },
    ]);
    // Past the skipped last event, so that the proxy does not ask for it again.
    expect(channel).toBe('app-feed; prev-id=e5');
    expect(reported).toHaveLength(1);
    expect(String((reported[0] as Error).message)).toMatch(/3 logged event\(s\).*\(e2 e3 e5\)/);
  });

  it('memoryEventLog refuses, at append, an event no browser could read', async () => {
    const log = memoryEventLog();
    const feed = eventStream('feed', { log });
    const good = await log.append('feed', { data: 'ok' });
    await expect(log.append('feed', { data: 'bad\0' })).rejects.toThrow(TypeError);
    await expect(log.append('feed', { data: 'x', event: 'a\nb' })).rejects.toThrow(TypeError);
    await expect(log.append('feed', { data: 'x', retry: -1 })).rejects.toThrow(TypeError);
    await expect(log.append('feed', { data: 1 } as never)).rejects.toThrow(TypeError);
    const after = await log.append('feed', { data: 'next' });
    expect(after.prevId).toBe(good.id);
    const { status, body } = await get(feed, good.prevId);
    expect(status).toBe(200);
    expect(parseEventStream(body).events.map((e) => e.data)).toEqual(['ok', 'next']);
  });
});
