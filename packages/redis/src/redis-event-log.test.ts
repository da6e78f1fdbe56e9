import { createClient } from 'redis';
import { describe, expect, it } from 'vitest';
import { redisPerFile } from '../test/redis-per-file.js';
import { redisEventLog } from './index.js';

const redis = redisPerFile();
let streamCount = 0;
/** A stream name no other test uses. */
const fresh = (label: string) => `${label}-${++streamCount}`;

describe('redisEventLog against redis-server', () => {
  it('appends with ids Redis gives, each append naming the one before, and reads after an id', async () => {
    const log = redisEventLog({ client: redis.client });
    const stream = fresh('news');
    expect(await log.read(stream, undefined)).toEqual({ status: 'ok', events: [], lastId: '0-0' });
    const first = await log.append(stream, { data: 'one' });
    const second = await log.append(stream, { event: 'headline', data: 'two\nlines', retry: 2500 });
    const third = await log.append(stream, { data: '' });
    expect(first.prevId).toBe('0-0');
    expect(second.prevId).toBe(first.id);
    expect(third.prevId).toBe(second.id);
    for (const { id } of [first, second, third]) expect(id).toMatch(/^\d+-\d+$/);

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
    const limited = await log.read(stream, first.id, 1);
    expect(limited).toEqual({
      status: 'ok',
      events: [expect.objectContaining({ id: second.id })],
      lastId: third.id,
    });
    expect(await redis.client.sendCommand(['TYPE', `faas-grip:events:${stream}`])).toBe('stream');
  });

  it('keeps streams apart and honours the key prefix', async () => {
    const log = redisEventLog({ client: redis.client, keyPrefix: 'app1:' });
    const other = redisEventLog({ client: redis.client, keyPrefix: 'app2:' });
    const stream = fresh('shared');
    const a = await log.append(stream, { data: 'a' });
    const b = await other.append(stream, { data: 'b' });
    expect(b.prevId).toBe('0-0');
    expect(await redis.client.sendCommand(['XLEN', `app1:${stream}`])).toBe(1);
    expect((await log.read(stream, undefined)).lastId).toBe(a.id);
    expect((await other.read(stream, undefined)).lastId).toBe(b.id);
  });

  it('answers too-old for ids it never handed out, malformed ids and ids after the newest', async () => {
    const log = redisEventLog({ client: redis.client });
    const stream = fresh('unknown');
    expect(await log.read(stream, '1-0')).toEqual({ status: 'too-old', lastId: '0-0' });
    const { id } = await log.append(stream, { data: 'x' });
    const [ms] = id.split('-');
    const unknown = [
      '00-0',
      '0-00',
      '1-0',
      `${ms}-999999`,
      `${BigInt(ms ?? '0') + 1n}-0`,
      'abc',
      '',
      '-1-0',
      '01-1',
      ' 1-1',
    ];
    unknown.push('18446744073709551616-0', '1-18446744073709551616', `${id}\r\nevent: x`, 'x'.repeat(10_000));
    for (const afterId of unknown) {
      expect(await log.read(stream, afterId), afterId.slice(0, 40)).toEqual({
        status: 'too-old',
        lastId: id,
      });
    }
  });

  it('keeps about maxEvents per stream and answers too-old once an id is trimmed away', async () => {
    const log = redisEventLog({ client: redis.client, maxEvents: 100 });
    const stream = fresh('retention');
    const ids: string[] = [];
    for (let i = 0; i < 400; i++) ids.push((await log.append(stream, { data: String(i) })).id);
    const length = Number(await redis.client.sendCommand(['XLEN', `faas-grip:events:${stream}`]));
    // MAXLEN ~ trims whole nodes (100 entries by default): at least maxEvents stay, at most one node more.
    expect(length).toBeGreaterThanOrEqual(100);
    expect(length).toBeLessThanOrEqual(200);
    expect(await log.read(stream, ids[0])).toEqual({ status: 'too-old', lastId: ids[399] });
    const kept = await log.read(stream, ids[300]);
    expect(kept.status).toBe('ok');
    expect(kept.status === 'ok' && kept.events.map((event) => event.data)).toEqual(
      Array.from({ length: 99 }, (_, i) => String(301 + i)),
    );
  });

  it('reads an empty stream at the start id 0-0, and from 0-0 every event from the first', async () => {
    const log = redisEventLog({ client: redis.client });
    const stream = fresh('start');
    expect(await log.read(stream, '0-0')).toEqual({ status: 'ok', events: [], lastId: '0-0' });
    const first = await log.append(stream, { data: 'one' });
    const second = await log.append(stream, { data: 'two' });
    expect(first.prevId).toBe('0-0');
    expect(await log.read(stream, '0-0')).toEqual({
      status: 'ok',
      events: [
        { id: first.id, data: 'one' },
        { id: second.id, data: 'two' },
      ],
      lastId: second.id,
    });
    const limited = await log.read(stream, '0-0', 1);
    expect(limited.status === 'ok' && limited.events.map((event) => event.id)).toEqual([first.id]);
  });

  it('answers too-old for the start id once trimming or XDEL removed an entry (entries-added above length)', async () => {
    const log = redisEventLog({ client: redis.client, maxEvents: 100 });
    const trimmed = fresh('start-trimmed');
    let newest = '';
    // MAXLEN ~ trims whole nodes of 100 entries: 250 appends drop at least the first node.
    for (let i = 0; i < 250; i++) newest = (await log.append(trimmed, { data: String(i) })).id;
    expect(await log.read(trimmed, '0-0')).toEqual({ status: 'too-old', lastId: newest });

    const deleted = fresh('start-xdel');
    const a = await log.append(deleted, { data: 'a' });
    const b = await log.append(deleted, { data: 'b' });
    expect((await log.read(deleted, '0-0')).status).toBe('ok');
    await redis.client.sendCommand(['XDEL', `faas-grip:events:${deleted}`, a.id]);
    expect(await log.read(deleted, '0-0')).toEqual({ status: 'too-old', lastId: b.id });
    // Emptied by someone else: no entry left, and the start id is the newest position again.
    await redis.client.sendCommand(['XDEL', `faas-grip:events:${deleted}`, b.id]);
    expect(await log.read(deleted, undefined)).toEqual({ status: 'ok', events: [], lastId: '0-0' });
    expect((await log.append(deleted, { data: 'c' })).prevId).toBe('0-0');
  });

  it('answers too-old when an entry after the id was deleted by someone else (XDEL)', async () => {
    const log = redisEventLog({ client: redis.client });
    const stream = fresh('xdel');
    const a = await log.append(stream, { data: 'a' });
    const b = await log.append(stream, { data: 'b' });
    const c = await log.append(stream, { data: 'c' });
    await redis.client.sendCommand(['XDEL', `faas-grip:events:${stream}`, b.id]);
    expect(await log.read(stream, a.id)).toEqual({ status: 'too-old', lastId: c.id });
    expect((await log.read(stream, c.id)).status).toBe('ok');
  });

  it('loads its scripts again after SCRIPT FLUSH (EVALSHA falls back to EVAL)', async () => {
    const log = redisEventLog({ client: redis.client });
    const stream = fresh('flush');
    const a = await log.append(stream, { data: 'a' });
    await redis.client.sendCommand(['SCRIPT', 'FLUSH']);
    const b = await log.append(stream, { data: 'b' });
    expect(b.prevId).toBe(a.id);
    await redis.client.sendCommand(['SCRIPT', 'FLUSH']);
    expect((await log.read(stream, a.id)).status).toBe('ok');
  });

  it('works the same through a node-redis client speaking RESP3', async () => {
    const resp3 = createClient({ url: redis.server.url, RESP: 3 });
    resp3.on('error', () => {});
    await resp3.connect();
    try {
      const log = redisEventLog({ client: resp3 });
      const stream = fresh('resp3');
      const a = await log.append(stream, { data: 'a', event: 'e', retry: 5 });
      const b = await log.append(stream, { data: 'b' });
      expect(b.prevId).toBe(a.id);
      expect(await log.read(stream, a.id)).toEqual({
        status: 'ok',
        events: [{ id: b.id, data: 'b' }],
        lastId: b.id,
      });
      expect(await log.read(stream, '1-0')).toEqual({ status: 'too-old', lastId: b.id });
      expect(await log.read(stream, undefined)).toEqual({ status: 'ok', events: [], lastId: b.id });
    } finally {
      resp3.destroy();
    }
  });

  it('checks its options', () => {
    expect(() => redisEventLog({ client: redis.client, maxEvents: 0 })).toThrow(RangeError);
    expect(() => redisEventLog({ client: redis.client, commandTimeout: -1 })).toThrow(RangeError);
    // Past 2^31 - 1 ms Node's setTimeout fires after 1 ms: every command would time out at once.
    for (const commandTimeout of [2_147_483_648, 3_000_000_000, 1.5, Number.POSITIVE_INFINITY]) {
      expect(() => redisEventLog({ client: redis.client, commandTimeout })).toThrow(
        new RangeError(
          'redisEventLog: `commandTimeout` is false or a whole number of milliseconds from 1 to 2147483647',
        ),
      );
    }
    expect(() => redisEventLog({ client: redis.client, commandTimeout: 2_147_483_647 })).not.toThrow();
    expect(() => redisEventLog({ client: {} as never })).toThrow(/sendCommand/);
  });
});
