import { describe, expect, it, vi } from 'vitest';
import { handleRequest } from '../handle-request.js';
// The user-facing example, as written in the README, against core's public entry.
import { eventStream, type GripHandler, memoryEventLog } from '../index.js';
import { standInProxies } from '../publish/test-support.js';
import { parseEventStream } from './test-support.js';

const news = eventStream('news', { log: memoryEventLog() });
export const events: GripHandler = (request, ctx) => news.hold(request, ctx);
const publishHeadline: GripHandler = async (_request, ctx) => {
  await news.publish(ctx, { event: 'headline', data: JSON.stringify({ title: 'Hi' }) });
  return new Response('published\n');
};

// hold takes a ctx of any Env type: Worker bindings, typed settings.
interface WorkerEnv {
  GRIP_URL: string;
  NEWS: { get(key: string): Promise<string | null> };
}
export const workerEvents: GripHandler<WorkerEnv> = (request, ctx) => news.hold(request, ctx);

describe('the eventStream example', () => {
  it('publishes through ctx and replays the event to a browser that reconnects from before it', async () => {
    const proxies = standInProxies({ 'pushpin.test:5561': () => ({ status: 200 }) });
    vi.stubGlobal('fetch', proxies.fetch);
    try {
      const env = { GRIP_URL: 'http://pushpin.test:5561' };
      const options = { allowUnsigned: true };
      const platform = { env, waitUntil: () => {} };
      const first = await handleRequest(events, new Request('http://origin.test/events'), platform, options);
      // An empty stream is held at its start id, which the first event names as its prev-id.
      const start = /^news; prev-id=(\S+-0)$/.exec(first.headers.get('grip-channel') ?? '')?.[1];
      expect(start).toBeDefined();
      await handleRequest(
        publishHeadline,
        new Request('http://origin.test/p', { method: 'POST' }),
        platform,
        options,
      );
      const id = proxies.requests[0]?.items[0]?.id;
      expect(typeof id).toBe('string');
      expect(proxies.requests[0]?.items[0]?.['prev-id']).toBe(start);
      const again = await handleRequest(
        events,
        new Request('http://origin.test/events?lastEventId=elsewhere-1'),
        platform,
        options,
      );
      expect(parseEventStream(await again.text()).events).toEqual([
        { type: 'reset', data: '{"reason":"too-old"}', lastEventId: id },
      ]);
      const held = await handleRequest(
        workerEvents,
        new Request('http://origin.test/events'),
        { env: { GRIP_URL: env.GRIP_URL, NEWS: { get: async () => null } }, waitUntil: () => {} },
        options,
      );
      expect(held.headers.get('grip-channel')).toBe(`news; prev-id=${id}`);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
