import { afterEach, describe, expect, it, vi } from 'vitest';
import { handleRequest } from '../handle-request.js';
import { createPublisher } from '../publish/publisher.js';
import { standInProxies } from '../publish/test-support.js';
import type { EventLog } from './event-log.js';
import { type EventStream, eventStream } from './event-stream.js';
import { memoryEventLog } from './memory-log.js';
import { parseEventStream } from './test-support.js';

const env = { GRIP_URL: 'http://pushpin.test:5561', GRIP_PREFIX: 'app-' };

/** A GET through handleRequest (as every adapter runs a handler), with the configured prefix. */
async function get(stream: EventStream, url: string, headers: HeadersInit = {}, method = 'GET') {
  const request = new Request(`http://origin.test${url}`, { method, headers });
  const response = await handleRequest(
    (req, ctx) => stream.hold(req, ctx),
    request,
    { env, waitUntil: () => {} },
    { allowUnsigned: true },
  );
  return { response, headers: Object.fromEntries(response.headers), body: await response.text() };
}

/** A stand-in for the proxy's publish API, and a publisher that sends to it. */
function standInProxy() {
  const proxies = standInProxies({ 'pushpin.test:5561': () => ({ status: 200 }) });
  return { proxies, publisher: createPublisher(env, { fetch: proxies.fetch }) };
}

async function published(count: number, stream: EventStream): Promise<string[]> {
  const { publisher } = standInProxy();
  const ids: string[] = [];
  for (let i = 1; i <= count; i++) ids.push((await stream.publish(publisher, { data: `e${i}` })).id);
  return ids;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('eventStream hold', () => {
  it('holds a new client live only: event-stream headers, prefixed channel at the newest id, keep-alive, next link', async () => {
    const news = eventStream('news', { log: memoryEventLog() });
    const [, second] = await published(2, news);
    const { response, headers, body } = await get(news, '/events?room=a%20b');
    expect(response.status).toBe(200);
    expect(headers).toEqual({
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      'grip-hold': 'stream',
      'grip-channel': `app-news; prev-id=${second}`,
      'grip-keep-alive': ':\\n\\n; format=cstring; timeout=20',
      'grip-link': '</events?room=a%20b>; rel=next',
    });
    expect(body).toBe('');
  });

  it("holds an empty stream at the log's start id, the first event's prev-id", async () => {
    const log = memoryEventLog();
    const news = eventStream('news', { log });
    const { headers, body } = await get(news, '/events');
    const { lastId: start } = await log.read('news', undefined);
    expect(start).toMatch(/^[0-9a-z]+-0$/);
    expect(headers['grip-channel']).toBe(`app-news; prev-id=${start}`);
    expect(body).toBe('');
    const { proxies, publisher } = standInProxy();
    await news.publish(publisher, { data: 'first' });
    expect(proxies.requests[0]?.items[0]?.['prev-id']).toBe(start);
  });

  it('recovers the first events of a stream held empty when their publishes never reached the proxy', async () => {
    const log = memoryEventLog();
    const news = eventStream('news', { log });
    const held = await get(news, '/events');
    const start = /prev-id=([^;,\s]+)/.exec(held.headers['grip-channel'] ?? '')?.[1];
    expect(start).toBeDefined();
    // Logged, but the publish was lost; the next publish names it as prev-id, so the proxy sees a gap.
    const lost = await log.append('news', { data: 'lost' });
    const { proxies, publisher } = standInProxy();
    const next = await news.publish(publisher, { data: 'next' });
    expect(proxies.requests[0]?.items[0]?.['prev-id']).toBe(lost.id);
    // The proxy asks from the position the hold announced: both events, in order, held on at the newest.
    const recovery = await get(news, '/events', { 'Grip-Last': `app-news; last-id=${start}` });
    expect(parseEventStream(recovery.body).events.map((e) => [e.data, e.lastEventId])).toEqual([
      ['lost', lost.id],
      ['next', next.id],
    ]);
    expect(recovery.headers['grip-channel']).toBe(`app-news; prev-id=${next.id}`);
  });

  it('replays what a reconnecting browser missed after its Last-Event-ID, oldest first', async () => {
    const news = eventStream('news', { log: memoryEventLog() });
    const ids = await published(4, news);
    const { headers, body } = await get(news, '/events', { 'Last-Event-ID': ids[1]! });
    expect(parseEventStream(body).events).toEqual([
      { type: 'message', data: 'e3', lastEventId: ids[2] },
      { type: 'message', data: 'e4', lastEventId: ids[3] },
    ]);
    expect(headers['grip-channel']).toBe(`app-news; prev-id=${ids[3]}`);
  });

  it('takes a lastEventId query parameter on a first connection, and the header over it', async () => {
    const news = eventStream('news', { log: memoryEventLog() });
    const ids = await published(3, news);
    const byQuery = await get(news, `/events?lastEventId=${ids[0]}`);
    expect(parseEventStream(byQuery.body).events.map((e) => e.data)).toEqual(['e2', 'e3']);
    const both = await get(news, `/events?lastEventId=${ids[0]}`, { 'Last-Event-ID': ids[1]! });
    expect(parseEventStream(both.body).events.map((e) => e.data)).toEqual(['e3']);
  });

  it("answers the proxy's gap recovery (Grip-Last) with the missing events, held again at the newest", async () => {
    const news = eventStream('news', { log: memoryEventLog() });
    const ids = await published(5, news);
    // The link the proxy follows is the client's URL; Grip-Last wins over the client's own position.
    const { headers, body } = await get(news, `/events?lastEventId=${ids[0]}`, {
      'Grip-Last': `app-other; last-id=zz, app-news; last-id=${ids[2]}`,
      'Last-Event-ID': ids[0]!,
    });
    expect(parseEventStream(body).events.map((e) => [e.data, e.lastEventId])).toEqual([
      ['e4', ids[3]],
      ['e5', ids[4]],
    ]);
    expect(headers['grip-channel']).toBe(`app-news; prev-id=${ids[4]}`);
    expect(headers['grip-link']).toBe(`</events?lastEventId=${ids[0]}>; rel=next`);
  });

  it('sends the reset event, id at the newest, to a client whose id the log does not have', async () => {
    const news = eventStream('news', { log: memoryEventLog({ maxEvents: 2 }) });
    const ids = await published(4, news);
    for (const position of [ids[0]!, 'from-another-process-7']) {
      const { headers, body } = await get(news, '/events', { 'Last-Event-ID': position });
      expect(body).toBe(`event: reset\nid: ${ids[3]}\ndata: {"reason":"too-old"}\n\n`);
      expect(parseEventStream(body)).toEqual({
        events: [{ type: 'reset', data: '{"reason":"too-old"}', lastEventId: ids[3] }],
        retry: undefined,
        lastEventId: ids[3],
      });
      expect(headers['grip-channel']).toBe(`app-news; prev-id=${ids[3]}`);
    }
  });

  it('resets to the start id when the log is empty, from which the next reconnect replays everything', async () => {
    const log = memoryEventLog();
    const news = eventStream('news', { log });
    const { headers, body } = await get(news, '/events', { 'Last-Event-ID': 'gone-5' });
    const { lastId: start } = await log.read('news', undefined);
    expect(parseEventStream(body).lastEventId).toBe(start);
    expect(parseEventStream(body).events[0]?.type).toBe('reset');
    expect(headers['grip-channel']).toBe(`app-news; prev-id=${start}`);
    const [first] = await published(1, news);
    const again = await get(news, '/events', { 'Last-Event-ID': start });
    expect(parseEventStream(again.body).events).toEqual([
      { type: 'message', data: 'e1', lastEventId: first },
    ]);
  });

  it('gives a client more than replayLimit behind the reset event alone, with the newest id, from one log read', async () => {
    const inner = memoryEventLog();
    let reads = 0;
    const counted: EventLog = {
      append: (s, e) => inner.append(s, e),
      read: (s, a, l) => {
        reads += 1;
        return inner.read(s, a, l);
      },
    };
    const news = eventStream('news', { log: counted, replayLimit: 2 });
    const ids = await published(6, news);
    reads = 0;
    const { headers, body } = await get(news, '/events', { 'Last-Event-ID': ids[0]! });
    expect(parseEventStream(body)).toEqual({
      events: [{ type: 'reset', data: '{"reason":"too-old"}', lastEventId: ids[5] }],
      retry: undefined,
      lastEventId: ids[5],
    });
    expect(headers['grip-channel']).toBe(`app-news; prev-id=${ids[5]}`);
    expect(reads).toBe(1);
    // Exactly replayLimit behind is a plain replay.
    const { body: near } = await get(news, '/events', { 'Last-Event-ID': ids[3]! });
    expect(parseEventStream(near).events.map((e) => e.data)).toEqual(['e5', 'e6']);
  });

  it('answers what a log that caps its reads gave, prev-id at the last of it, and goes on from there', async () => {
    const inner = memoryEventLog();
    const capped: EventLog = { append: (s, e) => inner.append(s, e), read: (s, a) => inner.read(s, a, 2) };
    const news = eventStream('news', { log: capped, replayLimit: 10 });
    const ids = await published(7, news);
    const first = await get(news, '/events', { 'Last-Event-ID': ids[0]! });
    expect(parseEventStream(first.body).events.map((e) => e.data)).toEqual(['e2', 'e3']);
    // The proxy's next-link request (or the browser's reconnect) asks from there.
    expect(first.headers['grip-channel']).toBe(`app-news; prev-id=${ids[2]}`);
    const next = await get(news, '/events', { 'Last-Event-ID': ids[2]! });
    expect(parseEventStream(next.body).events.map((e) => e.data)).toEqual(['e4', 'e5']);
  });

  it('reads a log that always has more once, and answers with what it read (the proxy recovers the rest)', async () => {
    let reads = 0;
    const endless: EventLog = {
      append: () => Promise.reject(new Error('unused')),
      read: async (_stream, after) => {
        reads += 1;
        return {
          status: 'ok',
          events: [{ id: `${after}x`.slice(-100), data: 'd' }],
          lastId: 'never-reached',
        };
      },
    };
    const { response, headers } = await get(
      eventStream('news', { log: endless, replayLimit: 5 }),
      '/events',
      {
        'Last-Event-ID': 'a',
      },
    );
    expect(response.status).toBe(200);
    expect(reads).toBe(1);
    expect(headers['grip-channel']).toBe('app-news; prev-id=ax');
  });

  it('answers 503 with a short text when the log fails, and reports the store error to onError only', async () => {
    const storeError = new Error('db.internal:6379 down');
    const failing: EventLog = {
      append: () => Promise.reject(storeError),
      read: () => Promise.reject(storeError),
    };
    const reported: unknown[] = [];
    const response = await handleRequest(
      (request, ctx) => eventStream('news', { log: failing }).hold(request, ctx),
      new Request('http://origin.test/events'),
      { env, waitUntil: () => {} },
      { allowUnsigned: true, onError: (error) => reported.push(error) },
    );
    expect(response.status).toBe(503);
    expect(response.headers.get('grip-hold')).toBeNull();
    expect(await response.text()).toBe('Service Unavailable: the event log could not be read\n');
    await vi.waitFor(() => expect(reported).toHaveLength(1), { timeout: 1000 });
    expect(reported[0]).toMatchObject({
      message: 'eventStream news: the event log could not be read',
      cause: storeError,
    });
  });

  it("without onError, logs a failing log as one line with the store's reason and no stack", async () => {
    const failing: EventLog = {
      append: () => Promise.reject(new Error('redis.internal:6379 down')),
      read: () => Promise.reject(new Error('redis.internal:6379 down\nmore detail')),
    };
    const logged: unknown[][] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      logged.push(args);
    });
    try {
      const pending: Promise<unknown>[] = [];
      const response = await handleRequest(
        (request, ctx) => eventStream('news', { log: failing }).hold(request, ctx),
        new Request('http://origin.test/events'),
        { env, waitUntil: (promise) => pending.push(promise) },
        { allowUnsigned: true },
      );
      expect(response.status).toBe(503);
      await Promise.allSettled(pending);
      expect(logged).toEqual([
        [
          '[faas-grip]',
          'GET /events',
          'EventStreamError: eventStream news: the event log could not be read (redis.internal:6379 down more detail)',
        ],
      ]);
    } finally {
      spy.mockRestore();
    }
  });

  it("keeps a store error's credentials, control characters and length out of the log line", async () => {
    const secret = 's3cret-pass';
    const failing: EventLog = {
      append: () => Promise.reject(new Error('x')),
      read: () =>
        Promise.reject(
          new Error(`connect https://user:${secret}@db.example/x\rFAKE LINE \u001b[2K${'y'.repeat(300)}`),
        ),
    };
    const logged: string[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      logged.push(args.map(String).join(' '));
    });
    try {
      const pending: Promise<unknown>[] = [];
      await handleRequest(
        (request, ctx) => eventStream('news', { log: failing }).hold(request, ctx),
        new Request('http://origin.test/events'),
        { env, waitUntil: (promise) => pending.push(promise) },
        { allowUnsigned: true },
      );
      await Promise.allSettled(pending);
      expect(logged).toHaveLength(1);
      const line = logged[0] ?? '';
      expect(line).toContain('(connect https://db.example/x FAKE LINE  [2K');
      expect(line).not.toContain(secret);
      expect(line).not.toMatch(/\p{Cc}/u);
      expect(line.length).toBeLessThan(400);
    } finally {
      spy.mockRestore();
    }
  });

  it('answers other methods than GET with 405 and Allow: GET', async () => {
    const { response, headers } = await get(
      eventStream('news', { log: memoryEventLog() }),
      '/events',
      {},
      'POST',
    );
    expect(response.status).toBe(405);
    expect(headers.allow).toBe('GET');
    expect(headers['grip-hold']).toBeUndefined();
  });

  it("adds the app's headers, and leaves keep-alive out when disabled", async () => {
    const news = eventStream('news', {
      log: memoryEventLog(),
      keepAlive: false,
      headers: { 'Access-Control-Allow-Origin': '*', 'Content-Type': 'text/plain' },
    });
    const { headers } = await get(news, '/events');
    expect(headers['access-control-allow-origin']).toBe('*');
    expect(headers['content-type']).toBe('text/event-stream');
    expect(headers['grip-keep-alive']).toBeUndefined();
    const { headers: every5 } = await get(eventStream('news', { log: memoryEventLog(), keepAlive: 5 }), '/');
    expect(every5['grip-keep-alive']).toBe(':\\n\\n; format=cstring; timeout=5');
    expect(eventStream('news', { log: memoryEventLog(), keepAlive: 0 })).toBeDefined();
  });

  it('refuses a name, log, replayLimit or keepAlive it cannot use where the stream is made', () => {
    const log = memoryEventLog();
    expect(() => eventStream('a,b', { log })).toThrow(TypeError);
    expect(() => eventStream('news', {} as { log: EventLog })).toThrow(/options.log/);
    expect(() => eventStream('news', { log, replayLimit: 0 })).toThrow(RangeError);
    expect(() => eventStream('news', { log, keepAlive: -1 })).toThrow(RangeError);
  });
});

describe('eventStream publish', () => {
  it('appends, then publishes the SSE bytes as an http-stream item with the id and the previous id', async () => {
    const news = eventStream('news', { log: memoryEventLog() });
    const { proxies, publisher } = standInProxy();
    const first = await news.publish(publisher, { event: 'headline', data: '{"title":"Hi"}' });
    const second = await news.publish(publisher, { data: 'two\nlines', retry: 1000 });
    expect(first).toEqual({ event: 'headline', data: '{"title":"Hi"}', id: first.id });
    expect(proxies.requests.map((r) => r.items)).toEqual([
      [
        {
          channel: 'app-news',
          id: first.id,
          'prev-id': first.id.replace(/-1$/, '-0'),
          formats: {
            'http-stream': { content: `event: headline\nid: ${first.id}\ndata: {"title":"Hi"}\n\n` },
          },
        },
      ],
      [
        {
          channel: 'app-news',
          id: second.id,
          'prev-id': first.id,
          formats: {
            'http-stream': { content: `id: ${second.id}\nretry: 1000\ndata: two\ndata: lines\n\n` },
          },
        },
      ],
    ]);
  });

  it('publishes through a handler ctx (the global fetch, stubbed by the stand-in proxy)', async () => {
    const { proxies } = standInProxy();
    vi.stubGlobal('fetch', proxies.fetch);
    const news = eventStream('news', { log: memoryEventLog() });
    const response = await handleRequest(
      async (_request, ctx) => {
        const event = await news.publish(ctx, { data: 'hi' });
        return new Response(event.id);
      },
      new Request('http://origin.test/publish', { method: 'POST' }),
      { env, waitUntil: () => {} },
      { allowUnsigned: true },
    );
    expect(proxies.requests[0]?.items[0]).toMatchObject({ channel: 'app-news', id: await response.text() });
  });

  it('refuses an event it cannot encode before anything is appended', async () => {
    const log = memoryEventLog();
    const news = eventStream('news', { log });
    const { proxies, publisher } = standInProxy();
    await expect(news.publish(publisher, { event: 'a\nb', data: 'x' })).rejects.toThrow(TypeError);
    await expect(news.publish(publisher, { data: 'x\0' })).rejects.toThrow(TypeError);
    await expect(news.publish(publisher, { data: 'x', retry: -5 })).rejects.toThrow(TypeError);
    expect(await log.read('news', undefined)).toEqual({
      status: 'ok',
      events: [],
      lastId: expect.stringMatching(/-0$/),
    });
    expect(proxies.requests).toEqual([]);
  });

  it('keeps the event in the log when the publish fails, and rejects', async () => {
    const log = memoryEventLog();
    const news = eventStream('news', { log });
    const refusing = createPublisher(env, {
      fetch: standInProxies({}).fetch,
      timeoutMs: 200,
      minDelayMs: 1,
    });
    await expect(news.publish(refusing, { data: 'x' })).rejects.toThrow();
    expect((await log.read('news', undefined)).lastId).toMatch(/-1$/);
  });

  it('chains concurrent publishes into one order the proxy can restore, the same as the log', async () => {
    const log = memoryEventLog();
    const news = eventStream('news', { log });
    const { proxies, publisher } = standInProxy();
    const before = await news.publish(publisher, { data: 'start' });
    await Promise.all(Array.from({ length: 40 }, (_, i) => news.publish(publisher, { data: `c${i}` })));
    const items = proxies.requests.map((r) => r.items[0]!).slice(1);
    const byPrev = new Map(items.map((item) => [item['prev-id'], item]));
    expect(byPrev.size).toBe(40);
    // From the first event, each item names the one before it: one chain, no fork, nothing missing.
    const chain: string[] = [];
    for (let at = byPrev.get(before.id); at !== undefined; at = byPrev.get(at.id)) chain.push(at.id!);
    expect(chain).toHaveLength(40);
    const replayed = await log.read('news', before.id);
    expect(replayed.status === 'ok' && replayed.events.map((e) => e.id)).toEqual(chain);
  });

  it("closes held streams with a close action after the newest event, outside the proxy's sequencing", async () => {
    const log = memoryEventLog();
    const news = eventStream('news', { log });
    const { proxies, publisher } = standInProxy();
    const { lastId: start } = await log.read('news', undefined);
    await news.close(publisher);
    const [, newest] = await published(2, news);
    await news.close(publisher);
    const close = { 'http-stream': { action: 'close', content: '' } };
    expect(proxies.requests.map((r) => r.items)).toEqual([
      [{ channel: 'app-news', id: expect.any(String), 'prev-id': start, 'no-seq': true, formats: close }],
      [{ channel: 'app-news', id: expect.any(String), 'prev-id': newest, 'no-seq': true, formats: close }],
    ]);
  });
});
