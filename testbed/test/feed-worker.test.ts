import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { type DevProxy, gripUrlFor, startDevProxy } from '@faas-grip/dev';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { freePorts } from '../src/proxies/ports.js';
import { SseReader } from '../src/suite/sse-reader.js';

const workerEntry = fileURLToPath(new URL('../../apps/feed/src/worker.ts', import.meta.url));

/**
 * The feed's Worker entry as `wrangler deploy` would ship it: bundled, run in
 * workerd with its history in a Durable Object (`EventLogDurableObject` bound
 * as FEED_LOG), behind the embedded dev proxy.
 */
describe('the live feed as a Cloudflare Worker with the Durable Object log, through the dev proxy', () => {
  let worker: Miniflare;
  let proxy: DevProxy;
  const readers: SseReader[] = [];

  beforeAll(async () => {
    const [port, publishPort, workerPort] = (await freePorts(3)) as [number, number, number];
    const sigKey = `base64:${randomBytes(32).toString('base64')}`;
    const bundle = await build({
      entryPoints: [workerEntry],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      conditions: ['workerd', 'worker', 'browser'],
      target: 'es2022',
      logLevel: 'silent',
    });
    const script = bundle.outputFiles[0]?.text;
    if (script === undefined) throw new Error('esbuild produced no Worker bundle');
    worker = new Miniflare({
      modules: true,
      script,
      compatibilityDate: '2026-04-01',
      bindings: { GRIP_URL: gripUrlFor(`http://127.0.0.1:${publishPort}`, 'pushpin', sigKey) },
      durableObjects: { FEED_LOG: { className: 'EventLogDurableObject', useSQLite: true } },
      host: '127.0.0.1',
      port: workerPort,
      cf: false,
    });
    const origin = (await worker.ready).origin;
    proxy = await startDevProxy({
      origin,
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
    await worker?.dispose();
  });

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
    reader.events.map((event) => [
      event.type,
      (JSON.parse(event.data) as { title: string }).title,
      event.lastEventId,
    ]);

  test('headlines reach a reader in order, and a reconnect replays what it missed from the Durable Object', async () => {
    const page = await read();
    expect(page.response.headers.get('content-type')).toMatch(/^text\/event-stream\b/);
    const one = await publish('one');
    const two = await publish('two');
    const three = await publish('three');
    await page.untilCount(3, 'the three headlines');
    expect(titles(page)).toEqual([
      ['headline', 'one', one],
      ['headline', 'two', two],
      ['headline', 'three', three],
    ]);

    const back = await read(one);
    await back.untilCount(2, 'the two headlines after the first');
    expect(titles(back)).toEqual([
      ['headline', 'two', two],
      ['headline', 'three', three],
    ]);
  }, 30_000);
});
