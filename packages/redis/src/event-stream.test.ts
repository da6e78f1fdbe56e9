import { type EventStream, eventStream, type Publisher } from '@faas-grip/core';
import { handleRequest } from '@faas-grip/core/adapter';
import { createTestProxy } from '@faas-grip/testing';
import { describe, expect, it } from 'vitest';
import { redisPerFile } from '../test/redis-per-file.js';
import { redisEventLog } from './index.js';

const redis = redisPerFile();

const env = { GRIP_URL: 'http://pushpin.test:5561' };

/** A GET of the event stream as an adapter runs it, for what the proxy itself sees (Grip-Channel, Grip-Last). */
async function hold(stream: EventStream, headers: HeadersInit = {}) {
  const request = new Request('http://origin.test/events', { headers });
  const response = await handleRequest(
    (req, ctx) => stream.hold(req, ctx),
    request,
    { env, waitUntil: () => {} },
    {
      allowUnsigned: true,
    },
  );
  return {
    status: response.status,
    channel: response.headers.get('Grip-Channel'),
    body: await response.text(),
  };
}

/** A publisher for where only the log matters: nothing is delivered. */
const nowhere: Pick<Publisher, 'publish'> = { publish: async () => {} };

/** An event stream on the Redis log, served at /events behind the test proxy. */
function served(name: string) {
  const stream = eventStream(name, { log: redisEventLog({ client: redis.client }) });
  return { stream, proxy: createTestProxy((request, ctx) => stream.hold(request, ctx)) };
}

describe('eventStream with redisEventLog', () => {
  it('a browser resuming with Last-Event-ID gets what it missed from Redis, then each event as published', async () => {
    const { stream: news, proxy } = served('news');
    const first = await news.publish(proxy.publisher, { event: 'headline', data: 'one' });
    const second = await news.publish(proxy.publisher, { data: 'two\nlines' });
    expect(proxy.published('news').map(({ id, prevId }) => ({ id, prevId }))).toEqual([
      { id: first.id, prevId: '0-0' },
      { id: second.id, prevId: first.id },
    ]);
    const resumed = await proxy.stream('/events', { headers: { 'Last-Event-ID': first.id } });
    expect(await resumed.next()).toBe(`id: ${second.id}\ndata: two\ndata: lines\n\n`);
    const fresh = await proxy.stream('/events');
    // Held at the newest id: the proxy delivers the next event only if its prev-id is that id.
    const third = await news.publish(proxy.publisher, { data: 'three' });
    expect(await resumed.next()).toBe(`id: ${third.id}\ndata: three\n\n`);
    expect(await fresh.next()).toBe(`id: ${third.id}\ndata: three\n\n`);
  });

  it('a browser further behind than the log gets a reset event at the newest id', async () => {
    const { stream: alerts, proxy } = served('alerts');
    const only = await alerts.publish(proxy.publisher, { data: 'one' });
    const lost = await proxy.stream('/events', { headers: { 'Last-Event-ID': '1-1' } });
    expect(await lost.next()).toBe(`event: reset\nid: ${only.id}\ndata: {"reason":"too-old"}\n\n`);
  });

  it('a publish lost on its way to the proxy reaches the browser from Redis, before the next one', async () => {
    const log = redisEventLog({ client: redis.client });
    const ticker = eventStream('ticker', { log });
    const proxy = createTestProxy((request, ctx) => ticker.hold(request, ctx), { timeoutMs: 5000 });
    const reader = await proxy.stream('/events');
    // In the log, never published: as when the publish request failed.
    const lost = await log.append('ticker', { data: 'lost' });
    const next = await ticker.publish(proxy.publisher, { data: 'next' });
    // About a second into the gap the proxy asks the handler (Grip-Last), which reads both from Redis.
    expect(await reader.next()).toBe(`id: ${lost.id}\ndata: lost\n\nid: ${next.id}\ndata: next\n\n`);
  });

  it('gives a proxy recovering with Grip-Last the events after its last id, and holds at the newest', async () => {
    const headlines = eventStream('headlines', { log: redisEventLog({ client: redis.client }) });
    // Empty: held at the start id, which the first event names as its prev-id.
    expect(await hold(headlines)).toEqual({ status: 200, channel: 'headlines; prev-id=0-0', body: '' });
    const first = await headlines.publish(nowhere, { event: 'headline', data: 'one' });
    const second = await headlines.publish(nowhere, { data: 'two' });
    const recovered = await hold(headlines, { 'Grip-Last': 'headlines; last-id=0-0' });
    expect(recovered.body).toBe(
      `event: headline\nid: ${first.id}\ndata: one\n\nid: ${second.id}\ndata: two\n\n`,
    );
    expect(recovered.channel).toBe(`headlines; prev-id=${second.id}`);
  });

  it('answers 503 without a stack when Redis fails, and publish rejects with the log error', async () => {
    const broken = { sendCommand: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:1')) };
    const news = eventStream('news', { log: redisEventLog({ client: broken }) });
    const answer = await hold(news, { 'Last-Event-ID': '1-1' });
    expect(answer.status).toBe(503);
    expect(answer.body).not.toMatch(/\bat .+:\d+:\d+/);
    await expect(news.publish(nowhere, { data: 'x' })).rejects.toThrow(
      'redis event log: append on stream "news" failed: connect ECONNREFUSED 127.0.0.1:1',
    );
  });
});
