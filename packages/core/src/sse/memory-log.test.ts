import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { isEventId } from './event-id.js';
import type { EventLog, LoggedEvent } from './event-log.js';
import { memoryEventLog } from './memory-log.js';

async function appendAll(log: EventLog, stream: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 1; i <= count; i++) ids.push((await log.append(stream, { data: `e${i}` })).id);
  return ids;
}

describe('memoryEventLog', () => {
  it('gives ids <instance>-<n> counting from 1, each with the previous one (<instance>-0 first), per stream', async () => {
    const log = memoryEventLog();
    const first = await log.append('news', { data: 'a' });
    const second = await log.append('news', { data: 'b' });
    const other = await log.append('scores', { data: 'c' });
    expect(first.id).toMatch(/^[0-9a-z]+-1$/);
    const start = first.id.replace(/1$/, '0');
    expect(first.prevId).toBe(start);
    expect(second).toEqual({ id: first.id.replace(/1$/, '2'), prevId: first.id });
    expect(other).toEqual({ id: first.id, prevId: start });
    for (const id of [start, first.id, second.id, other.id]) expect(isEventId(id)).toBe(true);
  });

  it('reports its start id as the newest id of an empty stream, and replays everything from it', async () => {
    const log = memoryEventLog();
    const empty = await log.read('news', undefined);
    expect(empty).toEqual({ status: 'ok', events: [], lastId: expect.stringMatching(/^[0-9a-z]+-0$/) });
    const start = empty.lastId;
    expect(await log.read('news', start)).toEqual({ status: 'ok', events: [], lastId: start });
    const ids = await appendAll(log, 'news', 2);
    expect(await log.read('news', start)).toEqual({
      status: 'ok',
      events: [
        { data: 'e1', id: ids[0] },
        { data: 'e2', id: ids[1] },
      ],
      lastId: ids[1],
    });
    // Another log's start id is not this one's: a reset, never another log's history.
    expect(await memoryEventLog().read('news', start)).toMatchObject({ status: 'too-old' });
  });

  it('answers too-old for its start id once the first event is dropped', async () => {
    const log = memoryEventLog({ maxEvents: 2 });
    const { lastId: start } = await log.read('news', undefined);
    const ids = await appendAll(log, 'news', 2);
    expect(await log.read('news', start)).toMatchObject({ status: 'ok', events: [{ data: 'e1' }, {}] });
    await appendAll(log, 'news', 1);
    expect(await log.read('news', start)).toEqual({ status: 'too-old', lastId: ids[1]!.replace(/2$/, '3') });
  });

  it('draws its random instance name on first use, not when made (a Worker may not draw random values at load)', async () => {
    const draw = vi.spyOn(crypto, 'getRandomValues');
    try {
      const log = memoryEventLog();
      expect(draw).not.toHaveBeenCalled();
      await log.read('news', undefined);
      await log.append('news', { data: 'a' });
      expect(draw).toHaveBeenCalledTimes(1);
    } finally {
      draw.mockRestore();
    }
  });

  it('gives each log object its own instance, so ids never repeat across logs or restarts', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 50; i++) ids.add((await memoryEventLog().append('news', { data: 'x' })).id);
    expect(ids.size).toBe(50);
  });

  it('reads the events after an id, oldest first, with the newest id, capped at the limit', async () => {
    const log = memoryEventLog();
    const ids = await appendAll(log, 'news', 5);
    expect(await log.read('news', ids[1])).toEqual({
      status: 'ok',
      events: [
        { data: 'e3', id: ids[2] },
        { data: 'e4', id: ids[3] },
        { data: 'e5', id: ids[4] },
      ],
      lastId: ids[4],
    });
    const capped = await log.read('news', ids[0], 2);
    expect(capped.status === 'ok' && capped.events.map((e) => e.id)).toEqual([ids[1], ids[2]]);
    expect(await log.read('news', ids[4])).toEqual({ status: 'ok', events: [], lastId: ids[4] });
    expect(await log.read('news', undefined)).toEqual({ status: 'ok', events: [], lastId: ids[4] });
    expect(await log.read('empty', undefined)).toEqual({
      status: 'ok',
      events: [],
      lastId: ids[0]!.replace(/1$/, '0'),
    });
  });

  it('keeps type and retry, and none of what the caller changes after appending', async () => {
    const log = memoryEventLog();
    const start = await log.append('news', { data: 'start' });
    const event = { event: 'headline', data: 'a', retry: 5 };
    const { id } = await log.append('news', event);
    event.data = 'changed';
    expect(await log.read('news', start.id)).toEqual({
      status: 'ok',
      events: [{ event: 'headline', data: 'a', retry: 5, id }],
      lastId: id,
    });
  });

  it('answers too-old for an id it dropped, never gave out, or that is not one of its own', async () => {
    const log = memoryEventLog({ maxEvents: 3 });
    const ids = await appendAll(log, 'news', 6);
    const newest = ids[5];
    // ids[2] is the predecessor of the oldest kept event (ids[3]): still complete.
    expect(await log.read('news', ids[2])).toMatchObject({ status: 'ok', events: [{ data: 'e4' }, {}, {}] });
    expect(await log.read('news', ids[1])).toEqual({ status: 'too-old', lastId: newest });
    const instance = ids[0]!.replace(/-1$/, '');
    for (const unknown of [
      `${instance}-7`,
      // The start id, once the first event is dropped.
      `${instance}-0`,
      `${instance}-01`,
      'x-1',
      '1',
      `${instance}-1e3`,
    ]) {
      expect(await log.read('news', unknown)).toEqual({ status: 'too-old', lastId: newest });
    }
    expect(await log.read('other', ids[0])).toEqual({ status: 'too-old', lastId: `${instance}-0` });
  });

  it('keeps at most maxEvents per stream, whatever the sequence of appends and reads', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 0, max: 40 }),
        async (max, count) => {
          const log = memoryEventLog({ maxEvents: max });
          const { lastId: start } = await log.read('s', undefined);
          const ids = await appendAll(log, 's', count);
          // Every position a client can have: the start id, then each event's id.
          const positions = [start, ...ids];
          for (let i = 0; i < positions.length; i++) {
            const read = await log.read('s', positions[i]);
            const expected: LoggedEvent[] = ids.slice(i).map((id, k) => ({ id, data: `e${i + k + 1}` }));
            const lastId = ids.at(-1) ?? start;
            if (count - i <= max) expect(read).toEqual({ status: 'ok', events: expected, lastId });
            else expect(read).toEqual({ status: 'too-old', lastId });
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('refuses a maxEvents or limit that is not a whole number of at least 1', async () => {
    expect(() => memoryEventLog({ maxEvents: 0 })).toThrow(RangeError);
    expect(() => memoryEventLog({ maxEvents: 1.5 })).toThrow(RangeError);
    await expect(memoryEventLog().read('s', 'x', 0)).rejects.toThrow(RangeError);
  });
});
