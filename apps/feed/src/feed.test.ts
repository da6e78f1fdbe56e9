import { memoryEventLog } from '@faas-grip/core';
import { createTestProxy, type TestProxy } from '@faas-grip/testing';
import { describe, expect, it } from 'vitest';
import { feedApp, type Headline, MAX_TITLE_LENGTH } from './feed.js';

const feed = () => createTestProxy(feedApp(memoryEventLog()));

const publish = (proxy: TestProxy<unknown>, body: string) =>
  proxy.fetch('/publish', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });

/** Publishes a headline and returns the id the feed answered with. */
async function published(proxy: TestProxy<unknown>, title: string): Promise<string> {
  const response = await publish(proxy, JSON.stringify({ title }));
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

/** The events of a chunk of the stream, as a browser's EventSource reads them (event, id, title). */
function events(chunk: string): Array<{ event: string; id: string; title: string | undefined }> {
  return chunk
    .split('\n\n')
    .filter((block) => block !== '')
    .map((block) => {
      const field = (name: string) =>
        block
          .split('\n')
          .find((line) => line.startsWith(`${name}: `))
          ?.slice(name.length + 2);
      const data = field('data') ?? '';
      const event = field('event') ?? 'message';
      return {
        event,
        id: field('id') ?? '',
        title: event === 'headline' ? (JSON.parse(data) as Headline).title : undefined,
      };
    });
}

describe('the feed, through the in-process test proxy', () => {
  it('delivers a published headline to every reader, with the id the publish answered', async () => {
    const proxy = feed();
    const alice = await proxy.stream('/events');
    const bob = await proxy.stream('/events');
    expect(alice.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const id = await published(proxy, '  Hello  ');
    expect(events(await alice.next())).toEqual([{ event: 'headline', id, title: 'Hello' }]);
    expect(events(await bob.next())).toEqual([{ event: 'headline', id, title: 'Hello' }]);
  });

  it('gives a browser that reconnects what it missed since its Last-Event-ID, then live headlines', async () => {
    const proxy = feed();
    const [one, two, three] = [
      await published(proxy, 'one'),
      await published(proxy, 'two'),
      await published(proxy, 'three'),
    ];
    const back = await proxy.stream('/events', { headers: { 'Last-Event-ID': one } });
    expect(events(await back.next()).map(({ id, title }) => [id, title])).toEqual([
      [two, 'two'],
      [three, 'three'],
    ]);
    const four = await published(proxy, 'four');
    expect(events(await back.next())).toEqual([{ event: 'headline', id: four, title: 'four' }]);
  });

  it('tells a browser with an id the log never gave out to start over, with a reset event', async () => {
    const proxy = feed();
    const newest = await published(proxy, 'one');
    const stranger = await proxy.stream('/events', { headers: { 'Last-Event-ID': '999-0' } });
    expect(events(await stranger.next())).toEqual([{ event: 'reset', id: newest, title: undefined }]);
  });

  it.each([
    ['a body that is not JSON', 'Hello', 400, 'Send JSON: {"title": "..."}'],
    ['a blank title', '{"title":"  "}', 400, 'title must be a non-empty string'],
    ['a title that is not a string', '{"title":7}', 400, 'title must be a non-empty string'],
    [
      'a title too long',
      JSON.stringify({ title: 'x'.repeat(MAX_TITLE_LENGTH + 1) }),
      400,
      `title must be at most ${MAX_TITLE_LENGTH} characters`,
    ],
    [
      'a body over 4 KB',
      JSON.stringify({ title: 'x', pad: 'y'.repeat(5000) }),
      413,
      'The body must be at most 4096 bytes',
    ],
  ])('refuses %s, saying why, and publishes nothing', async (_what, body, status, reason) => {
    const proxy = feed();
    const reader = await proxy.stream('/events');
    const response = await publish(proxy, body);
    expect([response.status, await response.text()]).toEqual([status, `${reason}\n`]);
    expect(proxy.published()).toEqual([]);
    expect(reader.chunks).toEqual([]);
  });

  it('serves the page at /, and answers other methods and paths with 405 and 404', async () => {
    const proxy = feed();
    const page = await proxy.fetch('/');
    expect([page.status, page.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
    expect(await page.text()).toContain('EventSource');
    const get = await proxy.fetch('/publish');
    expect([get.status, get.headers.get('allow')]).toEqual([405, 'POST']);
    expect((await proxy.fetch('/nowhere')).status).toBe(404);
  });
});
