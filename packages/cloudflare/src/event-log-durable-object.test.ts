import { abortAllDurableObjects, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import type { AppendedEvent } from '@faas-grip/core';
import { describe, expect, it } from 'vitest';
import { durableObjectEventLog, EventLogDurableObject } from './index.js';

let streamCount = 0;
/** A stream name no other test uses. */
const fresh = (label: string) => `object-${label}-${++streamCount}`;

const sequence = (id: string) => Number(id.split('-')[1]);
const limit = 128 * 1024;
/** Room the size check keeps for the stored object's own structure. */
const overhead = 256;

describe.each([
  ['SQLite', 'EVENT_LOG'],
  ['key-value', 'EVENT_LOG_KV'],
] as const)('EventLogDurableObject on %s storage', (_, binding) => {
  const namespace = env[binding];
  const stubOf = (stream: string) => namespace.get(namespace.idFromName(stream));
  const storedKeys = (stream: string) =>
    runInDurableObject(stubOf(stream), async (_, state) => [...(await state.storage.list()).keys()]);

  it('stores nothing for reads of a stream nobody appends to, and keeps the start id until the first append', async () => {
    const log = durableObjectEventLog(namespace);
    const stream = fresh('read-only');
    const { lastId: start } = await log.read(stream, undefined);
    expect(await log.read(stream, start)).toEqual({ status: 'ok', events: [], lastId: start });
    expect(await storedKeys(stream)).toEqual([]);
    const first = await log.append(stream, { data: 'one' });
    expect(first.prevId).toBe(start);
    expect(await log.read(stream, start)).toEqual({
      status: 'ok',
      events: [{ id: first.id, data: 'one' }],
      lastId: first.id,
    });
  });

  it('answers an unstored start id with too-old once the object was evicted before the first append', async () => {
    const log = durableObjectEventLog(namespace);
    const stream = fresh('evicted-empty');
    const { lastId: start } = await log.read(stream, undefined);
    await abortAllDurableObjects();
    const first = await log.append(stream, { data: 'one' });
    expect(first.prevId).not.toBe(start);
    expect(await log.read(stream, start)).toEqual({ status: 'too-old', lastId: first.id });
  });

  it('refuses an event over 128 KiB stored with a clear error, before it takes a sequence number', async () => {
    const log = durableObjectEventLog(namespace);
    const stream = fresh('large');
    const first = await log.append(stream, { data: 'first' });
    for (const event of [
      { data: 'x'.repeat(limit) },
      { data: '€'.repeat(limit / 2) },
      { data: 'x'.repeat(limit / 2), event: 'y'.repeat(limit / 2) },
    ]) {
      await expect(log.append(stream, event)).rejects.toThrow(
        'durable object event log: an event is at most 128 KiB stored',
      );
    }
    // Sent to the object directly, it is a 400 too.
    const raw = await stubOf(stream).fetch('https://event-log/append', {
      method: 'POST',
      body: JSON.stringify({ event: { data: 'x'.repeat(limit) }, maxEvents: 1 }),
    });
    expect([raw.status, await raw.text()]).toEqual([
      400,
      'an event is at most 128 KiB stored (data and type; 2 bytes a character beyond U+00FF)\n',
    ]);
    const next = await log.append(stream, { data: 'next' });
    expect([sequence(next.id), next.prevId]).toEqual([2, first.id]);
  });

  it('stores the largest events the check lets through, Latin-1 and beyond', async () => {
    const log = durableObjectEventLog(namespace);
    const stream = fresh('largest');
    const ascii = await log.append(stream, { data: 'x'.repeat(limit - overhead) });
    const wide = await log.append(stream, { data: '€'.repeat((limit - overhead) / 2) });
    const read = await log.read(stream, ascii.prevId);
    expect(read.status === 'ok' && read.events.map((event) => [event.id, event.data.length])).toEqual([
      [ascii.id, limit - overhead],
      [wide.id, (limit - overhead) / 2],
    ]);
  });

  it('gives a sequence number back and deletes nothing when the storage refuses the write', async () => {
    const stream = fresh('refused');
    const log = durableObjectEventLog(namespace, { maxEvents: 1 });
    const kept = await log.append(stream, { data: 'kept' });
    const answers = await runInDurableObject(stubOf(stream), async (_, state) => {
      let refuse = true;
      const storage = new Proxy(state.storage, {
        get(target, key) {
          if (key === 'put' && refuse) {
            return async () => {
              refuse = false;
              throw new Error('value too large');
            };
          }
          const value = Reflect.get(target, key, target);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
      const object = new EventLogDurableObject({
        storage,
        blockConcurrencyWhile: (f: () => Promise<unknown>) => state.blockConcurrencyWhile(f),
      } as unknown as DurableObjectState);
      const append = (data: string) =>
        object.fetch(
          new Request('https://event-log/append', {
            method: 'POST',
            body: JSON.stringify({ event: { data }, maxEvents: 1 }),
          }),
        );
      const refused = await append('refused').then(
        () => 'answered',
        (error: Error) => error.message,
      );
      const storedAfterRefusal = (await state.storage.list({ prefix: 'e:' })).size;
      const after = (await (await append('after')).json()) as AppendedEvent;
      return { refused, storedAfterRefusal, after };
    });
    expect([answers.refused, answers.storedAfterRefusal]).toEqual(['value too large', 1]);
    expect([sequence(answers.after.id), answers.after.prevId]).toEqual([2, kept.id]);
  });

  it('keeps the retention of the first append: a caller with a smaller maxEvents trims nothing', async () => {
    const stream = fresh('retention');
    const keeper = durableObjectEventLog(namespace, { maxEvents: 4 });
    const trimmer = durableObjectEventLog(namespace, { maxEvents: 1 });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await keeper.append(stream, { data: String(i) })).id);
    ids.push((await trimmer.append(stream, { data: '3' })).id);
    const read = await trimmer.read(stream, ids[0]!.replace(/-\d+$/, '-0'));
    expect(read.status === 'ok' && read.events.map((event) => event.data)).toEqual(['0', '1', '2', '3']);
    // The object's own value (4) still trims: a fifth event drops the first.
    ids.push((await keeper.append(stream, { data: '4' })).id);
    expect((await keeper.read(stream, ids[0])).status).toBe('ok');
    expect((await keeper.read(stream, ids[0]!.replace(/-\d+$/, '-0'))).status).toBe('too-old');
    expect((await storedKeys(stream)).filter((key) => key.startsWith('e:'))).toHaveLength(4);
  });
});
