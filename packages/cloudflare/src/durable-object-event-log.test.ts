import { abortAllDurableObjects, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { type AppendedEvent, eventStream, type Publisher } from '@faas-grip/core';
import { handleRequest } from '@faas-grip/core/adapter';
import { describe, expect, it } from 'vitest';
import { durableObjectEventLog, EventLogDurableObject } from './index.js';

let streamCount = 0;
/** A stream name no other test uses. */
const fresh = (label: string) => `${label}-${++streamCount}`;

const sequence = (id: string) => Number(id.split('-')[1]);

describe.each([
  ['SQLite', 'EVENT_LOG'],
  ['key-value', 'EVENT_LOG_KV'],
] as const)('durableObjectEventLog on %s storage', (_, binding) => {
  const namespace = env[binding];

  it('appends with ids each naming the one before, and reads after an id', async () => {
    const log = durableObjectEventLog(namespace);
    const stream = fresh('news');
    const empty = await log.read(stream, undefined);
    expect(empty).toEqual({ status: 'ok', events: [], lastId: expect.stringMatching(/^[0-9a-z]{8}-0$/) });
    const first = await log.append(stream, { data: 'one' });
    const second = await log.append(stream, { event: 'headline', data: 'two\nlines', retry: 2500 });
    const third = await log.append(stream, { data: '' });
    // The start id the empty stream reported, in the generation its ids then have.
    expect(first.prevId).toBe(empty.lastId);
    expect(first.id).toBe(empty.lastId.replace(/-0$/, '-1'));
    expect(second.prevId).toBe(first.id);
    expect(third.prevId).toBe(second.id);
    for (const { id } of [first, second, third]) expect(id).toMatch(/^[0-9a-z]{8}-\d+$/);
    expect([first, second, third].map(({ id }) => sequence(id))).toEqual([1, 2, 3]);

    expect(await log.read(stream, undefined)).toEqual({ status: 'ok', events: [], lastId: third.id });
    expect(await log.read(stream, first.id)).toEqual({
      status: 'ok',
      events: [
        { id: second.id, event: 'headline', data: 'two\nlines', retry: 2500 },
        { id: third.id, data: '' },
      ],
      lastId: third.id,
    });
    expect(await log.read(stream, third.id)).toEqual({ status: 'ok', events: [], lastId: third.id });
    expect(await log.read(stream, first.id, 1)).toEqual({
      status: 'ok',
      events: [{ id: second.id, event: 'headline', data: 'two\nlines', retry: 2500 }],
      lastId: third.id,
    });
  });

  it('answers a long replay in batches, and stops after about 4 MiB of data for the caller to read on', async () => {
    const log = durableObjectEventLog(namespace);
    const stream = fresh('large');
    const big = 'x'.repeat(100 * 1024);
    const ids: string[] = [];
    for (let i = 0; i < 300; i++)
      ids.push((await log.append(stream, { data: i < 250 ? String(i) : big })).id);
    const small = await log.read(stream, ids[0], 200);
    expect(small.status === 'ok' && small.events.map((event) => event.data)).toEqual(
      Array.from({ length: 200 }, (_, i) => String(i + 1)),
    );
    const large = await log.read(stream, ids[249], 1000);
    expect(large.status === 'ok' && large.events.length).toBe(41);
    const rest = await log.read(stream, ids[290], 1000);
    expect(rest.status === 'ok' && rest.events.map((event) => event.id)).toEqual(ids.slice(291));
  });

  it('keeps each stream in its own object', async () => {
    const log = durableObjectEventLog(namespace);
    const [a, b] = [fresh('a'), fresh('b')];
    const fromA = await log.append(a, { data: 'a' });
    const fromB = await log.append(b, { data: 'b' });
    expect(fromB.prevId).toBe(fromB.id.replace(/-1$/, '-0'));
    expect(fromA.id.split('-')[0]).not.toBe(fromB.id.split('-')[0]);
    expect(await log.read(a, fromB.id)).toEqual({ status: 'too-old', lastId: fromA.id });
  });

  it('answers too-old for ids it never handed out, malformed ids and ids after the newest', async () => {
    const log = durableObjectEventLog(namespace);
    const stream = fresh('unknown');
    const { lastId: start } = await log.read(stream, 'abcdefgh-1');
    expect(await log.read(stream, 'abcdefgh-1')).toEqual({ status: 'too-old', lastId: start });
    expect(await log.read(stream, 'abcdefgh-0')).toEqual({ status: 'too-old', lastId: start });
    const { id } = await log.append(stream, { data: 'x' });
    const generation = id.split('-')[0];
    const unknown = [
      `${generation}-2`,
      `${generation}-00`,
      `${generation}-01`,
      `${generation}--1`,
      `x${id}`,
      '',
      '1',
    ];
    unknown.push(
      `${id}\r\nevent: x`,
      'x'.repeat(10_000),
      `${generation}-1e3`,
      `${generation}-9007199254740993`,
    );
    for (const afterId of unknown) {
      expect(await log.read(stream, afterId), afterId.slice(0, 40)).toEqual({
        status: 'too-old',
        lastId: id,
      });
    }
  });

  it('replays every event from the start id until the first is dropped', async () => {
    const log = durableObjectEventLog(namespace, { maxEvents: 2 });
    const stream = fresh('start');
    const { lastId: start } = await log.read(stream, undefined);
    expect(await log.read(stream, start)).toEqual({ status: 'ok', events: [], lastId: start });
    const first = await log.append(stream, { data: 'one' });
    const second = await log.append(stream, { data: 'two' });
    expect(await log.read(stream, start)).toEqual({
      status: 'ok',
      events: [
        { id: first.id, data: 'one' },
        { id: second.id, data: 'two' },
      ],
      lastId: second.id,
    });
    const third = await log.append(stream, { data: 'three' });
    expect(await log.read(stream, start)).toEqual({ status: 'too-old', lastId: third.id });
  });

  it('keeps exactly maxEvents per stream and answers too-old once an id is dropped', async () => {
    const log = durableObjectEventLog(namespace, { maxEvents: 5 });
    const stream = fresh('retention');
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push((await log.append(stream, { data: String(i) })).id);
    // 7..11 are kept; an id up to 5 misses events, 6 (the newest dropped) misses none.
    expect(await log.read(stream, ids[5])).toEqual({ status: 'too-old', lastId: ids[11] });
    expect(await log.read(stream, ids[0])).toEqual({ status: 'too-old', lastId: ids[11] });
    const kept = await log.read(stream, ids[6]);
    expect(kept.status === 'ok' && kept.events.map((event) => event.data)).toEqual([
      '7',
      '8',
      '9',
      '10',
      '11',
    ]);
    const stored = await runInDurableObject(namespace.get(namespace.idFromName(stream)), (_, state) =>
      state.storage.list({ prefix: 'e:' }),
    );
    expect(stored.size).toBe(5);
  });

  it('takes concurrent appends one after the other: distinct increasing ids, a complete prevId chain, nothing lost', async () => {
    const log = durableObjectEventLog(namespace);
    const stream = fresh('busy');
    const count = 200;
    const started = performance.now();
    const appended: AppendedEvent[] = await Promise.all(
      Array.from({ length: count }, (_, n) => log.append(stream, { data: String(n) })),
    );
    const seconds = (performance.now() - started) / 1000;
    console.info(
      `${binding}: ${count} concurrent appends in ${seconds.toFixed(2)} s (${Math.round(count / seconds)}/s)`,
    );
    const ordered = [...appended].sort((a, b) => sequence(a.id) - sequence(b.id));
    expect(ordered.map(({ id }) => sequence(id))).toEqual(Array.from({ length: count }, (_, n) => n + 1));
    expect(ordered[0]?.prevId).toBe(ordered[0]?.id.replace(/-1$/, '-0'));
    for (let i = 1; i < count; i++) expect(ordered[i]?.prevId).toBe(ordered[i - 1]?.id);
    const read = await log.read(stream, ordered[0]!.id, count);
    expect(read.status === 'ok' && read.events.map((event) => event.id)).toEqual(
      ordered.slice(1).map(({ id }) => id),
    );
    // Each id holds the data of the append it was handed to.
    const sent = new Map(appended.map(({ id }, n) => [id, String(n)]));
    if (read.status === 'ok') for (const event of read.events) expect(event.data).toBe(sent.get(event.id));
  });

  it('continues the sequence after the object is evicted and started again', async () => {
    const log = durableObjectEventLog(namespace, { maxEvents: 3 });
    const stream = fresh('evicted');
    const before: string[] = [];
    for (let i = 0; i < 5; i++) before.push((await log.append(stream, { data: String(i) })).id);
    await abortAllDurableObjects();
    const after = await log.append(stream, { data: 'after' });
    expect(after.prevId).toBe(before[4]);
    expect(sequence(after.id)).toBe(6);
    expect(await log.read(stream, before[3])).toEqual({
      status: 'ok',
      events: [
        { id: before[4], data: '4' },
        { id: after.id, data: 'after' },
      ],
      lastId: after.id,
    });
    expect((await log.read(stream, before[0])).status).toBe('too-old');
    // A second instance over the same storage (what the runtime builds after eviction) agrees.
    const stub = namespace.get(namespace.idFromName(stream));
    const next = await runInDurableObject(stub, async (_, state) => {
      const fresh = new EventLogDurableObject(state);
      const response = await fresh.fetch(
        new Request('https://event-log/append', {
          method: 'POST',
          body: JSON.stringify({ event: { data: 'x' }, maxEvents: 3 }),
        }),
      );
      return (await response.json()) as AppendedEvent;
    });
    expect(sequence(next.id)).toBe(7);
  });

  it('never reuses an id after the object’s storage was deleted: old ids, the start id too, become unknown', async () => {
    const log = durableObjectEventLog(namespace);
    const stream = fresh('wiped');
    const old = await log.append(stream, { data: 'old' });
    const stub = namespace.get(namespace.idFromName(stream));
    await runInDurableObject(stub, (_, state) => state.storage.deleteAll());
    await abortAllDurableObjects();
    // Held empty after the wipe: the new generation's start id, which the first append keeps.
    const { lastId: start } = await log.read(stream, undefined);
    const renewed = await log.append(stream, { data: 'new' });
    expect(renewed.id).not.toBe(old.id);
    expect(renewed.prevId).toBe(start);
    expect(start).not.toBe(old.prevId);
    expect(await log.read(stream, old.id)).toEqual({ status: 'too-old', lastId: renewed.id });
    expect(await log.read(stream, old.prevId)).toEqual({ status: 'too-old', lastId: renewed.id });
  });
});

describe('eventStream with durableObjectEventLog', () => {
  it('publishes items chained by prev-id and replays after Last-Event-ID from the object', async () => {
    const items: Array<{ id: string | undefined; prevId: string | undefined }> = [];
    const target: Pick<Publisher, 'publish'> = {
      async publish(_channel, _format, options) {
        items.push({ id: options?.id, prevId: options?.prevId });
      },
    };
    const news = eventStream(fresh('feed'), { log: durableObjectEventLog(env.EVENT_LOG) });
    const hold = async (headers: HeadersInit) => {
      const request = new Request('http://origin.test/events', { headers });
      const platform = { env: { GRIP_URL: 'http://pushpin.test:5561' }, waitUntil: () => {} };
      const response = await handleRequest((req, ctx) => news.hold(req, ctx), request, platform, {
        allowUnsigned: true,
      });
      return { channel: response.headers.get('Grip-Channel'), body: await response.text() };
    };
    // Empty: held at the start id, which the first event names as its prev-id.
    const empty = await hold({});
    const start = /prev-id=(\S+-0)$/.exec(empty.channel ?? '')?.[1];
    expect(start).toBeDefined();
    const first = await news.publish(target, { event: 'headline', data: 'one' });
    const second = await news.publish(target, { data: 'two' });
    expect(items).toEqual([
      { id: first.id, prevId: start },
      { id: second.id, prevId: first.id },
    ]);
    // The proxy recovering from the start id gets both, in order.
    expect(await hold({ 'Grip-Last': `${news.name}; last-id=${start}` })).toEqual({
      channel: `${news.name}; prev-id=${second.id}`,
      body: `event: headline\nid: ${first.id}\ndata: one\n\nid: ${second.id}\ndata: two\n\n`,
    });
    expect(await hold({ 'Last-Event-ID': first.id })).toEqual({
      channel: `${news.name}; prev-id=${second.id}`,
      body: `id: ${second.id}\ndata: two\n\n`,
    });
    expect((await hold({ 'Last-Event-ID': 'abcdefgh-1' })).body).toBe(
      `event: reset\nid: ${second.id}\ndata: {"reason":"too-old"}\n\n`,
    );
  });
});
