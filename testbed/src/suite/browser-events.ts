import { setTimeout as sleep } from 'node:timers/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium } from '../chromium.js';
import { nodeEntry } from '../entries/node.js';
import type { ProxyKind } from '../proxies/types.js';
import { Bed } from './bed.js';
import { closeEvents, publishEvent } from './event-publish.js';
import { PROBE_PREFIX } from './probe.js';
import { PROBE_EVENT } from './sse-reader.js';

/** What the page's `EventSource` saw. */
interface PageFeed {
  ticks: { data: string; id: string }[];
  probes: string[];
  opens: number;
  errors: number;
}

/**
 * The page's script: one `EventSource` on the channel, recording what it
 * dispatches in `window.feed`. Plain text, so no bundler helper leaks into it.
 */
function listenScript(channel: string): string {
  return `(() => {
    const feed = { ticks: [], probes: [], opens: 0, errors: 0 };
    window.feed = feed;
    const source = new EventSource(${JSON.stringify(`/events/${encodeURIComponent(channel)}`)});
    source.onopen = () => { feed.opens += 1; };
    source.onerror = () => { feed.errors += 1; };
    source.addEventListener('tick', (event) => feed.ticks.push({ data: event.data, id: event.lastEventId }));
    source.addEventListener(${JSON.stringify(PROBE_EVENT)}, (event) => feed.probes.push(event.data));
  })()`;
}

const TICKS = 24;
/** The tick after which the close action is published, while ticks go on. */
const CLOSE_AFTER = 8;
/** Reconnection delay the first tick asks for, so the browser is back quickly. */
const RETRY_MS = 100;

/**
 * Chromium's own `EventSource` against the conformance app's event stream,
 * behind `proxy`: events in order, a close action in the middle of a run of
 * publishes, and the browser's own reconnect (with Last-Event-ID) must end
 * with every event exactly once, in order.
 */
export function describeBrowserEvents(proxy: ProxyKind): void {
  describe(`EventSource in Chromium, node behind ${proxy.name}`, () => {
    const bed = new Bed(nodeEntry, proxy);
    let browser: Browser;

    beforeAll(async () => {
      await bed.start();
      browser = await launchChromium();
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
      await bed.stop();
    }, 30_000);

    const feedOf = (page: Page): Promise<PageFeed> => page.evaluate('window.feed') as Promise<PageFeed>;

    /**
     * Publishes probes until the page has one: the subscription is live. A
     * probe is logged like any event, so a later one also reveals a lost one.
     */
    async function untilPageHas(
      page: Page,
      channel: string,
      done: (feed: PageFeed) => boolean,
      what: string,
    ) {
      const deadline = Date.now() + 15_000;
      for (let probe = 1; ; probe++) {
        const feed = await feedOf(page);
        if (done(feed)) return feed;
        if (Date.now() >= deadline) {
          throw new Error(
            `Timed out after 15000 ms waiting for ${what}; the page saw ${JSON.stringify(feed)}`,
          );
        }
        await publishEvent(bed, channel, { event: PROBE_EVENT, data: `${PROBE_PREFIX}${probe}` });
        await sleep(200);
      }
    }

    test('receives every event once, in order, across a close action and its own reconnect', async () => {
      const channel = bed.channel('browser-sse');
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        await page.goto(`${bed.proxy.httpUrl}/`);
        await page.evaluate(listenScript(channel));
        await untilPageHas(page, channel, (feed) => feed.probes.length > 0, 'the page to receive a probe');

        const ids: string[] = [];
        for (let tick = 1; tick <= TICKS; tick++) {
          const retry = tick === 1 ? { retry: RETRY_MS } : {};
          ids.push(await publishEvent(bed, channel, { event: 'tick', data: String(tick), ...retry }));
          if (tick === CLOSE_AFTER) await closeEvents(bed, channel);
          await sleep(20);
        }
        // A tick published while the browser was reconnecting reaches it by the
        // replay, or, if it came between the replay and the new subscription,
        // when the next publish shows the proxy the gap: probes are that publish.
        await untilPageHas(
          page,
          channel,
          (feed) => feed.ticks.length >= TICKS,
          `all ${TICKS} ticks (those published while the browser reconnected come by replay or gap recovery)`,
        );
        // Once a later probe is in, a duplicate tick would have arrived before it.
        const seen = (await feedOf(page)).probes.length;
        const feed = await untilPageHas(
          page,
          channel,
          (now) => now.probes.length > seen,
          'a probe after the ticks',
        );
        expect(feed.ticks).toEqual(ids.map((id, i) => ({ data: String(i + 1), id })));
        expect(feed.opens, 'connections the EventSource opened').toBeGreaterThanOrEqual(2);
      } finally {
        await context.close();
      }
    }, 60_000);
  });
}
