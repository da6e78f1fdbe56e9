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

describe('a held stream recovers what never reached the proxy, as the dev proxy and Pushpin do', () => {
  it('asks the handler for a missed event (Grip-Last) before it delivers the next one', async () => {
    vi.useFakeTimers();
    const log = memoryEventLog();
    const news = eventStream('news', { log });
    const asked: string[] = [];
    const app: GripHandler = (request, ctx) => {
      const gripLast = request.headers.get('grip-last');
      if (gripLast !== null) asked.push(gripLast);
      return news.hold(request, ctx);
    };
    const proxy = createTestProxy(app);
    const events = await proxy.stream('/events');
    // Appended but never published: the publish that a failing network lost.
    const lost = await log.append('news', { data: 'lost' });
    const after = await news.publish(proxy.publisher, { data: 'after' });
    // The proxy holds "after" until the gap is filled (it waits about a second for the missing one).
    await vi.advanceTimersByTimeAsync(999);
    expect(events.text).not.toContain('data: after');
    await vi.advanceTimersByTimeAsync(1);
    // The handler's answer to the link replays both; the held copy of "after" is then dropped.
    const replayed = await events.next();
    expect(replayed).toBe(`id: ${lost.id}\ndata: lost\n\nid: ${after.id}\ndata: after\n\n`);
    await vi.advanceTimersByTimeAsync(5000);
    expect(events.text.split('data: after')).toHaveLength(2);
    expect(asked).toEqual([`news; last-id=${lost.prevId}`]);
  });

  it('follows a paged answer (a plain answer with a next link) until a page holds', async () => {
    let pages = 0;
    const app: GripHandler = (request, ctx) => {
      const page = Number(new URL(request.url).searchParams.get('page') ?? '1');
      pages++;
      if (page < 3) {
        return new Response(`page ${page}\n`, {
          headers: { 'Grip-Link': `</feed?page=${page + 1}>; rel=next` },
        });
      }
      return ctx.holdStream('feed', { body: `page ${page}, live from here\n` });
    };
    const proxy = createTestProxy(app);
    const feed = await proxy.stream('/feed');
    expect(await feed.next()).toBe('page 1\n');
    expect(await feed.next()).toBe('page 2\n');
    expect(await feed.next()).toBe('page 3, live from here\n');
    await proxy.publisher.publish('feed', new HttpStreamFormat('news\n'));
    expect(await feed.next()).toBe('news\n');
    expect(pages).toBe(3);
  });

  it('tells the gone link when the client leaves, not when a close action ends the stream', async () => {
    const gone: string[] = [];
    const app: GripHandler = (request, ctx) => {
      const url = new URL(request.url);
      if (url.pathname === '/gone') {
        gone.push(`${url.searchParams.get('who')} ${request.method} ${ctx.signed ? 'signed' : 'unsigned'}`);
        return new Response(null, { status: 204 });
      }
      const response = ctx.holdStream(url.pathname.slice(1));
      response.headers.append('Grip-Link', `</gone?who=${url.pathname.slice(1)}>; rel=gone`);
      return response;
    };
    const proxy = createTestProxy(app);
    const ended = await proxy.stream('/ended');
    await proxy.publisher.publish('ended', new HttpStreamFormat(null, true));
    await ended.ended;
    const left = await proxy.stream('/left');
    left.close();
    await vi.waitFor(() => expect(gone).toEqual(['left POST signed']), { timeout: 2000 });
  });
});

describe('a long-poll that a publish finds behind its prev-id is asked again, as Pushpin does', () => {
  /** /poll holds on "orders" at prev-id 1; asked again (Grip-Last), it answers with `again`. */
  function polling(again: (gripLast: string) => Response): GripHandler {
    return (request) => {
      const gripLast = request.headers.get('grip-last');
      if (gripLast !== null) return again(gripLast);
      return new Response('nothing yet\n', {
        headers: { 'Grip-Hold': 'response', 'Grip-Channel': 'orders; prev-id=1', 'Grip-Timeout': '30' },
      });
    };
  }

  it("completes with the handler's new answer when that is an ordinary one", async () => {
    const proxy = createTestProxy(
      polling((gripLast) => new Response(`you missed what followed ${gripLast}\n`)),
    );
    const poll = await proxy.request('/poll');
    expect(poll.kind).toBe('long-poll');
    if (poll.kind !== 'long-poll') return;
    await proxy.publisher.publish('orders', new HttpResponseFormat({ body: 'order 3\n' }), {
      id: '3',
      prevId: '2',
    });
    expect(await (await poll.response).text()).toBe('you missed what followed orders; last-id=1\n');
  });

  it('streams when the handler now holds a stream: the long-poll Response gets a body that goes on', async () => {
    const proxy = createTestProxy(
      polling(
        () => new Response('caught up\n', { headers: { 'Grip-Hold': 'stream', 'Grip-Channel': 'orders' } }),
      ),
    );
    const poll = await proxy.request('/poll');
    if (poll.kind !== 'long-poll') throw new Error(`not held as a long-poll: ${poll.kind}`);
    await proxy.publisher.publish('orders', new HttpResponseFormat({ body: 'order 3\n' }), {
      id: '3',
      prevId: '2',
    });
    const response = await poll.response;
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    expect(decoder.decode((await reader.read()).value)).toBe('caught up\n');
    await proxy.publisher.publish('orders', new HttpStreamFormat('order 4\n'));
    expect(decoder.decode((await reader.read()).value)).toBe('order 4\n');
    await reader.cancel();
    await vi.waitFor(() => expect(proxy.subscribers('orders')).toBe(0), { timeout: 2000 });
  });
});
