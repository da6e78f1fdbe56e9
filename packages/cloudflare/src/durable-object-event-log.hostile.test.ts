import { env } from 'cloudflare:workers';
import type { AppendedEvent } from '@faas-grip/core';
import { checkServerSentEvent } from '@faas-grip/core/protocol';
import { describe, expect, it } from 'vitest';
import { durableObjectEventLog } from './index.js';

let streamCount = 0;
/** A stream name no other test uses. */
const fresh = (label: string) => `hostile-${label}-${++streamCount}`;

describe('durableObjectEventLog input checks', () => {
  const log = durableObjectEventLog(env.EVENT_LOG);

  it('refuses hostile stream names and events that would break SSE, before reaching an object', async () => {
    for (const bad of ['', 'a'.repeat(1025), 'x\uD800', 42]) {
      await expect(log.append(bad as string, { data: 'x' })).rejects.toThrow(
        /^durable object event log: a stream name is 1 to 1024 characters/,
      );
    }
    const stream = fresh('invalid');
    for (const event of [{ data: 'a\0b' }, { data: 'x', event: 'a\nb' }, { data: 'x', retry: -1 }, null]) {
      await expect(log.append(stream, event as never)).rejects.toThrow(TypeError);
    }
    await expect(log.read(stream, undefined, 0)).rejects.toThrow(RangeError);
    expect(() => durableObjectEventLog(env.EVENT_LOG, { maxEvents: 0 })).toThrow(RangeError);
  });

  it('refuses the events publish refuses, for the same reason, in the log and in the object', async () => {
    const stream = fresh('refused');
    const stub = env.EVENT_LOG.get(env.EVENT_LOG.idFromName(stream));
    const refused = [
      { data: 'a\0b' },
      { data: 'x', event: 'a\rb' },
      { data: 'x', event: 7 },
      { data: 'x', retry: -1 },
      { data: 'x', retry: 1.5 },
      { data: 5 },
      {},
      null,
      'text',
    ];
    for (const event of refused) {
      const refusal = await log.append(stream, event as never).catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(TypeError);
      const reason = (refusal as Error).message.replace(/^durable object event log: /, '');
      expect(`durable object event log: ${reason}`).toBe((refusal as Error).message);
      expect(() => checkServerSentEvent(event)).toThrow(new TypeError(reason));
      const raw = await stub.fetch('https://event-log/append', {
        method: 'POST',
        body: JSON.stringify({ event, maxEvents: 5 }),
      });
      expect([raw.status, await raw.text()]).toEqual([400, `${reason}\n`]);
    }
    expect(await log.read(stream, undefined)).toEqual({
      status: 'ok',
      events: [],
      lastId: expect.any(String),
    });
  });

  it('takes any well-formed name, each its own stream', async () => {
    const names = ['a b', 'a\r\nb', '日本語', '😀', '..', '/', 'a'.repeat(1024)];
    const ids = new Map<string, AppendedEvent>();
    for (const name of names) ids.set(name, await log.append(name, { data: name }));
    for (const [name, appended] of ids) {
      expect(appended.prevId).toBe(appended.id.replace(/-1$/, '-0'));
      expect((await log.read(name, undefined)).lastId).toBe(appended.id);
    }
  });

  it('answers malformed messages to the object with 400, never a crash', async () => {
    const stub = env.EVENT_LOG.get(env.EVENT_LOG.idFromName(fresh('raw')));
    const post = (path: string, body: string) =>
      stub.fetch(`https://event-log${path}`, { method: 'POST', body });
    const bodies = [
      'not json',
      'null',
      '[]',
      '{"event":{"data":1},"maxEvents":5}',
      '{"event":{"data":"x"},"maxEvents":0}',
    ];
    for (const body of bodies) expect((await post('/append', body)).status, body).toBe(400);
    for (const body of ['{}', '{"afterId":5,"limit":1}', '{"afterId":null,"limit":-1}']) {
      expect((await post('/read', body)).status, body).toBe(400);
    }
    expect((await stub.fetch('https://event-log/append')).status).toBe(405);
    expect((await post('/other', '{}')).status).toBe(404);
  });

  it('rejects with an error naming the operation and the stream when the object fails', async () => {
    const broken = durableObjectEventLog({
      idFromName: (name: string) => env.EVENT_LOG.idFromName(name),
      get: () => ({ fetch: async () => new Response('storage\nunavailable', { status: 503 }) }),
    });
    await expect(broken.append('news', { data: 'x' })).rejects.toThrow(
      'durable object event log: append on stream "news" failed: 503 storage unavailable',
    );
    const throwing = durableObjectEventLog({
      idFromName: (name: string) => env.EVENT_LOG.idFromName(name),
      get: () => ({
        fetch: () => Promise.reject(new Error('Durable Object reset because its code was updated.')),
      }),
    });
    await expect(throwing.read('news', undefined)).rejects.toThrow(
      'durable object event log: read on stream "news" failed: Durable Object reset because its code was updated.',
    );
  });
});
