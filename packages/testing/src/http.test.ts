import {
  eventStream,
  type GripHandler,
  HttpResponseFormat,
  HttpStreamFormat,
  memoryEventLog,
} from '@faas-grip/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTestProxy } from './index.js';

afterEach(() => {
  vi.useRealTimers();
});

const news = eventStream('news', { log: memoryEventLog() });

/** /poll holds a long-poll on "orders", /stream a stream on "ticks", /events an SSE stream, anything else says hi. */
const app: GripHandler = (request, ctx) => {
  const { pathname } = new URL(request.url);
  if (pathname === '/poll') return ctx.holdLongPoll('orders', { body: 'nothing yet\n', timeout: 30 });
  if (pathname === '/stream') return ctx.holdStream('ticks', { body: 'start\n' });
  if (pathname === '/events') return news.hold(request, ctx);
  return new Response(`hi ${ctx.signed ? 'signed' : 'unsigned'}\n`, { headers: { 'X-App': '1' } });
};

describe('HTTP through the test proxy', () => {
  it('passes an ordinary answer on, signed', async () => {
    const response = await createTestProxy(app).fetch('/');
    expect(response.status).toBe(200);
    expect(response.headers.get('x-app')).toBe('1');
    expect(await response.text()).toBe('hi signed\n');
  });

  it('completes a long-poll with the first http-response published on its channel', async () => {
    const proxy = createTestProxy(app, { env: { GRIP_PREFIX: 't-' } });
    const poll = await proxy.request('/poll');
    expect(poll).toMatchObject({ kind: 'long-poll', channels: ['t-orders'] });
    if (poll.kind !== 'long-poll') return;
    await proxy.publisher.publish('orders', new HttpResponseFormat({ code: 201, body: 'order 7\n' }));
    const response = await poll.response;
    expect([response.status, await response.text()]).toEqual([201, 'order 7\n']);
  });

  it("answers a long-poll with the handler's own response at its timeout (fake timers)", async () => {
    vi.useFakeTimers();
    const proxy = createTestProxy(app);
    const poll = await proxy.request('/poll');
    if (poll.kind !== 'long-poll') throw new Error(`not held: ${poll.kind}`);
    await vi.advanceTimersByTimeAsync(29_999);
    let settled = false;
    void poll.response.then(() => {
      settled = true;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await (await poll.response).text()).toBe('nothing yet\n');
  });

  it('streams the initial body, then published content, until a close action', async () => {
    const proxy = createTestProxy(app);
    const stream = await proxy.stream('/stream');
    expect(await stream.next()).toBe('start\n');
    await proxy.publisher.publish('ticks', new HttpStreamFormat('tick 1\n'));
    expect(await stream.next()).toBe('tick 1\n');
    await proxy.publisher.publish('ticks', new HttpStreamFormat(null, true));
    await stream.ended;
    expect(stream.text).toBe('start\ntick 1\n');
  });

  it('holds an eventStream: replays after Last-Event-ID, then delivers what is published', async () => {
    const proxy = createTestProxy(app);
    const first = await news.publish(proxy.publisher, { data: 'one' });
    await news.publish(proxy.publisher, { data: 'two' });
    const events = await proxy.stream('/events', { headers: { 'Last-Event-ID': first.id } });
    expect(events.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(await events.next()).toMatch(/^id: .*\ndata: two\n\n$/);
    await news.publish(proxy.publisher, { event: 'headline', data: 'three' });
    expect(await events.next()).toMatch(/^event: headline\nid: .*\ndata: three\n\n$/);
  });

  it('ends held streams and long-polls when the proxy restarts', async () => {
    const proxy = createTestProxy(app);
    const stream = await proxy.stream('/stream');
    const poll = await proxy.request('/poll');
    proxy.restart();
    await stream.ended;
    if (poll.kind !== 'long-poll') throw new Error(`not held as a long-poll: ${poll.kind}`);
    await expect(poll.response).rejects.toThrow(/dropped the long-poll/);
  });
});

describe('a hold that the handler answers while the proxy restarts', () => {
  it('is dropped, as a new connection after a Pushpin restart would have to be made anew', async () => {
    let answer: (() => void) | undefined;
    const app: GripHandler = async (_request, ctx) => {
      await new Promise<void>((resolve) => {
        answer = resolve;
      });
      return ctx.holdStream('ticks', { body: 'start\n' });
    };
    const proxy = createTestProxy(app);
    const pending = proxy.request('/stream');
    await vi.waitFor(() => expect(answer).toBeDefined(), { timeout: 1000 });
    proxy.restart();
    answer?.();
    await expect(pending).rejects.toThrow('the proxy dropped GET /stream before answering it');
    expect(proxy.subscribers('ticks')).toBe(0);
  });
});

describe('a request the test abandons through its signal', () => {
  it('leaves: the long-poll rejects with the reason and the hold is gone from its channel', async () => {
    const proxy = createTestProxy(app);
    const controller = new AbortController();
    const poll = await proxy.request('/poll', { signal: controller.signal });
    if (poll.kind !== 'long-poll') throw new Error(`not held as a long-poll: ${poll.kind}`);
    expect(proxy.subscribers('orders')).toBe(1);
    controller.abort(new Error('the test moved on'));
    await expect(poll.response).rejects.toThrow('the test moved on');
    expect(proxy.subscribers('orders')).toBe(0);
  });
});
