import { randomBytes } from 'node:crypto';
import { type DevProxy, gripUrlFor, startDevProxy } from '@faas-grip/dev';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { freePorts } from '../proxies/ports.js';
import { SseReader } from './sse-reader.js';

/** One of the feed's entries, serving on loopback. */
export interface FeedOrigin {
  url: string;
  stop(): Promise<void>;
}

/**
 * One of the feed's entry files serving the feed behind the embedded dev
 * proxy: the page is served, headlines reach a reader in order, and a
 * reconnect replays what it missed. `start` gets the GRIP environment the
 * entry must run with.
 */
export function describeFeedEntry(
  name: string,
  /**
   * Starts the entry with the GRIP environment it must run with. What it
   * starts before it can fail (a runtime process, changed env) it hands to
   * `undo` first, so that a start that fails or times out leaves nothing behind.
   */
  start: (env: Record<string, string>, undo: (step: () => unknown) => void) => Promise<FeedOrigin>,
): void {
  describe(`the live feed's ${name} entry, through the dev proxy`, () => {
    let origin: FeedOrigin | undefined;
    let proxy: DevProxy;
    const readers: SseReader[] = [];
    const undoSteps: Array<() => unknown> = [];

    beforeAll(async () => {
      const [port, publishPort] = (await freePorts(2)) as [number, number];
      const sigKey = `base64:${randomBytes(32).toString('base64')}`;
      const started = await start(
        { GRIP_URL: gripUrlFor(`http://127.0.0.1:${publishPort}`, 'pushpin', sigKey) },
        (step) => undoSteps.push(step),
      );
      origin = started;
      proxy = await startDevProxy({
        origin: started.url,
        port,
        publishPort,
        sigIss: 'pushpin',
        sigKey,
        log: () => undefined,
      });
    }, 60_000);
    afterEach(() => {
      for (const reader of readers.splice(0)) reader.cancel();
    });
    afterAll(async () => {
      await proxy?.close();
      if (origin !== undefined) await origin.stop();
      else for (const step of undoSteps.reverse()) await step();
    }, 30_000);

    async function read(lastEventId?: string): Promise<SseReader> {
      const reader = await SseReader.open(
        `${proxy.url}/events`,
        lastEventId === undefined ? {} : { lastEventId },
      );
      readers.push(reader);
      return reader;
    }

    async function publish(title: string): Promise<string> {
      const response = await fetch(`${proxy.url}/publish`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ title }),
        signal: AbortSignal.timeout(10_000),
      });
      const body = await response.text();
      expect(response.status, body).toBe(201);
      return (JSON.parse(body) as { id: string }).id;
    }

    const headlines = (reader: SseReader) =>
      reader.events.map((event) => [
        event.type,
        (JSON.parse(event.data) as { title: string }).title,
        event.lastEventId,
      ]);

    test('serves the page, delivers headlines in order and replays them after Last-Event-ID', async () => {
      const page = await fetch(`${proxy.url}/`, { signal: AbortSignal.timeout(10_000) });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<title>faas-grip live feed</title>');

      const reader = await read();
      expect(reader.response.headers.get('content-type')).toMatch(/^text\/event-stream\b/);
      const one = await publish('one');
      const two = await publish('two');
      const three = await publish('three');
      await reader.untilCount(3, 'the three headlines');
      expect(headlines(reader)).toEqual([
        ['headline', 'one', one],
        ['headline', 'two', two],
        ['headline', 'three', three],
      ]);

      const back = await read(one);
      await back.untilCount(2, 'the two headlines after the first');
      expect(headlines(back)).toEqual([
        ['headline', 'two', two],
        ['headline', 'three', three],
      ]);
    }, 30_000);
  });
}
