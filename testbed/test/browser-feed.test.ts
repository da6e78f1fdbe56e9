import { type DevProxy, startDevProxy } from '@faas-grip/dev';
import { app } from '@faas-grip/example-feed/app';
import { type Server, serve } from '@faas-grip/node';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium } from '../src/chromium.js';
import { freePorts } from '../src/proxies/ports.js';

describe('the live feed page in Chromium, through the embedded dev proxy', () => {
  const env: Record<string, string> = {};
  let origin: Server;
  let proxy: DevProxy;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    const [port, publishPort] = (await freePorts(2)) as [number, number];
    origin = await serve(app, { port: 0, hostname: '127.0.0.1', env });
    proxy = await startDevProxy({ origin: origin.url, port, publishPort, log: () => undefined });
    // The handler publishes through the proxy and verifies its Grip-Sig.
    env.GRIP_URL = proxy.gripUrl;
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await proxy?.close();
    await origin?.close();
  });

  async function reader(): Promise<Page> {
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${proxy.url}/`);
    await page.locator('#status[data-state="open"]').waitFor({ timeout: 10_000 });
    return page;
  }

  /** The headlines a page shows, newest first, without their times. */
  function headlines(page: Page): Promise<string[]> {
    return page
      .locator('#headlines li')
      .evaluateAll((items) => items.map((item) => item.lastChild?.textContent ?? ''));
  }

  async function publishFrom(page: Page, title: string): Promise<void> {
    await page.fill('input[name=title]', title);
    await page.click('#publish button');
    // The page clears the field once the publish was answered: the next one goes after it.
    await expect.poll(() => page.inputValue('input[name=title]')).toBe('');
  }

  test('a headline published from one page appears on every open page, newest first', async () => {
    const alice = await reader();
    const bob = await reader();
    expect(await alice.title()).toBe('faas-grip live feed');

    // The embedded proxy subscribes a stream before it answers the page, so
    // the page is live once its EventSource has opened.
    await publishFrom(alice, 'first');
    await publishFrom(bob, 'second');
    const published = await fetch(`${proxy.url}/publish`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ title: 'third, from a script' }),
    });
    expect(published.status).toBe(201);
    const expected = ['third, from a script', 'second', 'first'];
    await expect.poll(() => headlines(alice), { timeout: 5000 }).toEqual(expected);
    await expect.poll(() => headlines(bob), { timeout: 5000 }).toEqual(expected);
  }, 60_000);

  test('a malformed or oversized headline is refused with a 4xx and reaches no page', async () => {
    const page = await reader();
    const post = (body: string) =>
      fetch(`${proxy.url}/publish`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body,
      });
    expect((await post('not json')).status).toBe(400);
    expect((await post('{"title":""}')).status).toBe(400);
    expect((await post(JSON.stringify({ title: 'x'.repeat(201) }))).status).toBe(400);
    expect((await post(JSON.stringify({ title: 'x'.repeat(10_000) }))).status).toBe(413);
    expect((await fetch(`${proxy.url}/publish`)).status).toBe(405);
    expect(await headlines(page)).toEqual([]);
  }, 30_000);
});
