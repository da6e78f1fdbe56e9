import { checkServerSentEvent } from '@faas-grip/core/protocol';
import { describe, expect, it } from 'vitest';
import { connectClient } from '../test/clients.js';
import { redisPerFile } from '../test/redis-per-file.js';
import { startRedisServer } from '../test/redis-server.js';
import { redisEventLog } from './index.js';

const redis = redisPerFile();
let streamCount = 0;
/** A stream name no other test uses. */
const fresh = (label: string) => `${label}-${++streamCount}`;

describe('redisEventLog with hostile input', () => {
  it('skips entries another program wrote without the expected fields, or with fields that would break SSE', async () => {
    const log = redisEventLog({ client: redis.client });
    const stream = fresh('foreign');
    const key = `faas-grip:events:${stream}`;
    const first = await log.append(stream, { data: 'first' });
    const foreign = [
      ['payload', 'no data field'],
      ['data', 'bad type', 'event', 'a\nb'],
      ['data', 'bad retry', 'retry', '-5'],
      ['data', 'nul\0inside'],
      ['event', 'only a type'],
    ];
    for (const fields of foreign) await redis.client.sendCommand(['XADD', key, '*', ...fields]);
    const fine = await redis.client.sendCommand([
      'XADD',
      key,
      '*',
      'data',
      'written by hand',
      'extra',
      'ignored',
    ]);
    const last = await log.append(stream, { data: 'last' });
    const read = await log.read(stream, first.id);
    expect(read).toEqual({
      status: 'ok',
      events: [
        { id: fine, data: 'written by hand' },
        { id: last.id, data: 'last' },
      ],
      lastId: last.id,
    });
    expect(last.prevId).toBe(fine);
  });

  it('looks past pages holding only skipped entries, so a caller paging until no events reaches the end', async () => {
    const log = redisEventLog({ client: redis.client });
    const stream = fresh('foreign-pages');
    const first = await log.append(stream, { data: 'first' });
    for (let i = 0; i < 5; i++)
      await redis.client.sendCommand(['XADD', `faas-grip:events:${stream}`, '*', 'other', String(i)]);
    const last = await log.append(stream, { data: 'last' });
    expect(await log.read(stream, first.id, 2)).toEqual({
      status: 'ok',
      events: [{ id: last.id, data: 'last' }],
      lastId: last.id,
    });
  });

  it('rejects with an error naming the operation and the stream when the key holds something else', async () => {
    const log = redisEventLog({ client: redis.client });
    const stream = fresh('wrongtype');
    await redis.client.sendCommand(['SET', `faas-grip:events:${stream}`, 'a string']);
    await expect(log.append(stream, { data: 'x' })).rejects.toThrow(
      new RegExp(`^redis event log: append on stream "${stream}" failed: .*WRONGTYPE`),
    );
    await expect(log.read(stream, '1-1')).rejects.toThrow(
      /^redis event log: read on stream "wrongtype-\d+" failed/,
    );
  });

  it('takes any well-formed stream name as a key of its own, and refuses names that could collide or are too long', async () => {
    const log = redisEventLog({ client: redis.client });
    const names = [
      'a b',
      'a\r\nb',
      'x:y{tag}',
      '*',
      '\0',
      '日本語',
      '😀',
      '..',
      'a'.repeat(1024),
      'faas-grip:events:x',
    ];
    const ids = new Map<string, string>();
    for (const name of names) ids.set(name, (await log.append(name, { data: 'x' })).id);
    for (const name of names) {
      const read = await log.read(name, undefined);
      expect(read.lastId, JSON.stringify(name.slice(0, 20))).toBe(ids.get(name));
      expect(await redis.client.sendCommand(['XLEN', `faas-grip:events:${name}`])).toBe(1);
    }
    for (const bad of ['', 'a'.repeat(1025), 'x\uD800', '\uDFFFy', 42, undefined]) {
      await expect(log.append(bad as string, { data: 'x' })).rejects.toThrow(
        /^redis event log: a stream name is 1 to 1024 characters of well-formed text/,
      );
      await expect(log.read(bad as string, undefined)).rejects.toThrow(TypeError);
    }
  });

  it('gives each of 200 generated names (controls, punctuation, any plane) a stream of its own', async () => {
    // A seeded generator stands in for a property-based one: the same names on every run.
    let seed = 0x2545f491;
    const next = (bound: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % bound;
    };
    const pools = [
      () => next(0x20),
      () => 0x20 + next(0x5f),
      () => 0xa0 + next(0xd800 - 0xa0),
      () => 0x10000 + next(0x10ffff - 0x10000),
    ];
    const names = new Set<string>();
    while (names.size < 200) {
      let name = '';
      for (let length = 1 + next(40); name.length < length; ) name += String.fromCodePoint(pools[next(4)]!());
      names.add(`gen:${name}`);
    }
    const log = redisEventLog({ client: redis.client });
    const ids = new Map<string, string>();
    for (const name of names) ids.set(name, (await log.append(name, { data: 'x' })).id);
    for (const name of names) {
      expect((await log.read(name, undefined)).lastId, JSON.stringify(name)).toBe(ids.get(name));
    }
    const keys = (await redis.client.sendCommand(['KEYS', 'faas-grip:events:gen:*'])) as string[];
    expect(keys.length).toBe(200);
  });

  it('refuses the events publish refuses, with its TypeError, before touching Redis', async () => {
    const log = redisEventLog({ client: redis.client });
    const stream = fresh('invalid');
    const bad = [
      { data: 'a\0b' },
      { data: 'x', event: 'a\nb' },
      { data: 'x', event: 7 },
      { data: 'x', retry: -1 },
      { data: 'x', retry: 1.5 },
      { data: 5 },
      {},
      null,
      'text',
    ];
    for (const event of bad) {
      const refusal = await log.append(stream, event as never).catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(TypeError);
      expect(() => checkServerSentEvent(event)).toThrow(new TypeError((refusal as Error).message));
    }
    await expect(log.read(stream, undefined, 0)).rejects.toThrow(RangeError);
    expect(await redis.client.sendCommand(['EXISTS', `faas-grip:events:${stream}`])).toBe(0);
  });
});

describe('redisEventLog when Redis cannot answer', () => {
  it('rejects within the command timeout, with no password or URL credentials in the message', async () => {
    const stalled = {
      sendCommand: () => new Promise<never>(() => {}),
    };
    const log = redisEventLog({ client: stalled, commandTimeout: 100 });
    const started = Date.now();
    await expect(log.append('news', { data: 'x' })).rejects.toThrow(
      'redis event log: append on stream "news" timed out after 100 ms',
    );
    expect(Date.now() - started).toBeLessThan(1000);

    const leaky = {
      sendCommand: () =>
        Promise.reject(new Error('connect to redis://user:hunter2@cache.example:6379 refused')),
    };
    const failing = redisEventLog({ client: leaky });
    const error = await failing.read('news', undefined).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe(
      'redis event log: read on stream "news" failed: connect to <url> refused',
    );
    expect(String((error as Error).stack)).not.toMatch(/hunter2|cache\.example/);
  });

  it('rejects with the connection failure when the server is gone, not a hang', async () => {
    const errors: unknown[] = [];
    const gone = await startRedisServer();
    const lonely = await connectClient(gone.url, errors);
    try {
      await gone.close();
      const log = redisEventLog({ client: lonely, commandTimeout: 500 });
      const started = Date.now();
      await expect(log.append('news', { data: 'x' })).rejects.toThrow(
        /^redis event log: append on stream "news"/,
      );
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      lonely.destroy();
    }
  });
});
