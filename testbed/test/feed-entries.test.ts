import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { serveFrontDoor } from '@faas-grip/aws-lambda/local';
import { type DevProxy, gripUrlFor, startDevProxy } from '@faas-grip/dev';
import { startFunction } from '@faas-grip/test-support/vercel';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { handler } from '../../apps/feed/src/lambda.js';
import { freePorts } from '../src/proxies/ports.js';
import { SseReader } from '../src/suite/sse-reader.js';

const feedDir = fileURLToPath(new URL('../../apps/feed/', import.meta.url));

interface Origin {
  url: string;
  stop(): Promise<void>;
}

/**
 * One of the feed's entry files serving the feed behind the embedded dev
 * proxy: headlines reach a reader in order, and a reconnect replays what it
 * missed. `start` gets the GRIP environment the entry must run with.
 */
function describeFeedEntry(name: string, start: (env: Record<string, string>) => Promise<Origin>): void {
  describe(`the live feed's ${name} entry, through the dev proxy`, () => {
    let origin: Origin;
    let proxy: DevProxy;
    const readers: SseReader[] = [];

    beforeAll(async () => {
      const [port, publishPort] = (await freePorts(2)) as [number, number];
      const sigKey = `base64:${randomBytes(32).toString('base64')}`;
      origin = await start({ GRIP_URL: gripUrlFor(`http://127.0.0.1:${publishPort}`, 'pushpin', sigKey) });
      proxy = await startDevProxy({
        origin: origin.url,
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
      await origin?.stop();
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

    const titles = (reader: SseReader) =>
      reader.events.map((event) => [(JSON.parse(event.data) as { title: string }).title, event.lastEventId]);

    test('serves the page, delivers headlines in order and replays them after Last-Event-ID', async () => {
      const page = await fetch(`${proxy.url}/`, { signal: AbortSignal.timeout(10_000) });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<title>faas-grip live feed</title>');

      const reader = await read();
      const one = await publish('one');
      const two = await publish('two');
      await reader.untilCount(2, 'the two headlines');
      expect(titles(reader)).toEqual([
        ['one', one],
        ['two', two],
      ]);

      const back = await read(one);
      await back.untilCount(1, 'the headline after the first');
      expect(titles(back)).toEqual([['two', two]]);
    }, 30_000);
  });
}

// src/lambda.ts reads its configuration from process.env, as on Lambda.
describeFeedEntry('AWS Lambda (HTTP API)', async (env) => {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  const server = await serveFrontDoor(handler, { kind: 'http-api', hostname: '127.0.0.1' });
  return {
    url: server.url,
    async stop() {
      await server.close();
      for (const key of Object.keys(env)) {
        if (saved[key] === undefined) delete process.env[key];
        else process.env[key] = saved[key];
      }
    },
  };
});

describeFeedEntry('Vercel (api/index.ts)', (env) => startFunction('api/index.ts', env, feedDir));
