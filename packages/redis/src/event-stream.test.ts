import { type EventStream, eventStream, type Publisher } from '@faas-grip/core';
import { handleRequest } from '@faas-grip/core/adapter';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, type TestClient } from '../test/clients.js';
import { type RedisServer, startRedisServer } from '../test/redis-server.js';
import { redisEventLog } from './index.js';

let server: RedisServer;
let client: TestClient;

beforeAll(async () => {
  server = await startRedisServer();
  client = await connectClient(server.url);
});
afterAll(async () => {
  client?.destroy();
  await server?.close();
});

const env = { GRIP_URL: 'http://pushpin.test:5561' };

/** A GET of the event stream, as an adapter runs it. */
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

/** Records what would go to the proxy: the item ids and prev-ids. */
function recordingPublisher(items: Array<{ id?: string; prevId?: string }>): Pick<Publisher, 'publish'> {
  return {
    async publish(_channel, _format, options) {
      items.push({
        ...(options?.id === undefined ? {} : { id: options.id }),
        ...(options?.prevId === undefined ? {} : { prevId: options.prevId }),
      });
    },
  };
}

describe('eventStream with redisEventLog', () => {
  it('publishes items chained by prev-id and replays after Last-Event-ID from Redis', async () => {
    const items: Array<{ id?: string; prevId?: string }> = [];
    const news = eventStream('news', { log: redisEventLog({ client }) });
    const target = recordingPublisher(items);
    // Empty: held at the start id, which the first event names as its prev-id.
    expect(await hold(news)).toEqual({ status: 200, channel: 'news; prev-id=0-0', body: '' });
    const first = await news.publish(target, { event: 'headline', data: 'one' });
    const second = await news.publish(target, { data: 'two\nlines' });
    expect(items).toEqual([
      { id: first.id, prevId: '0-0' },
      { id: second.id, prevId: first.id },
    ]);
    // The proxy recovering from the start id gets both, in order.
    const recovered = await hold(news, { 'Grip-Last': 'news; last-id=0-0' });
    expect(recovered.body).toBe(
      `event: headline\nid: ${first.id}\ndata: one\n\nid: ${second.id}\ndata: two\ndata: lines\n\n`,
    );
    expect(recovered.channel).toBe(`news; prev-id=${second.id}`);

    const live = await hold(news);
    expect(live).toEqual({ status: 200, channel: `news; prev-id=${second.id}`, body: '' });
    const resumed = await hold(news, { 'Last-Event-ID': first.id });
    expect(resumed.body).toBe(`id: ${second.id}\ndata: two\ndata: lines\n\n`);
    expect(resumed.channel).toBe(`news; prev-id=${second.id}`);
    const lost = await hold(news, { 'Last-Event-ID': '1-1' });
    expect(lost.body).toBe(`event: reset\nid: ${second.id}\ndata: {"reason":"too-old"}\n\n`);
  });

  it('answers 503 without a stack when Redis fails, and publish rejects with the log error', async () => {
    const broken = { sendCommand: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:1')) };
    const news = eventStream('news', { log: redisEventLog({ client: broken }) });
    const answer = await hold(news, { 'Last-Event-ID': '1-1' });
    expect(answer.status).toBe(503);
    expect(answer.body).not.toMatch(/\bat .+:\d+:\d+/);
    await expect(news.publish(recordingPublisher([]), { data: 'x' })).rejects.toThrow(
      'redis event log: append on stream "news" failed: connect ECONNREFUSED 127.0.0.1:1',
    );
  });
});
