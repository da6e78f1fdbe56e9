import { type DevProxy, startDevProxy } from '@faas-grip/dev';
import { app } from '@faas-grip/example-chat/app';
import { type Server, serve } from '@faas-grip/node';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium } from '../src/chromium.js';
import { freePorts } from '../src/proxies/ports.js';

describe('the chat page in Chromium, through the embedded dev proxy', () => {
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

  async function join(nick: string): Promise<Page> {
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${proxy.url}/`);
    await page.locator('#status[data-state="open"]').waitFor({ timeout: 10_000 });
    await page.fill('input[name=nick]', nick);
    await page.click('#nick-form button');
    await expect.poll(() => lines(page)).toContain(`nickname set to [${nick}]`);
    return page;
  }

  function lines(page: Page): Promise<string[]> {
    return page.locator('#log p').allTextContents();
  }

  async function say(page: Page, text: string): Promise<void> {
    await page.fill('input[name=text]', text);
    await page.click('#message-form button');
  }

  test('two visitors set nicknames and each sees the other’s messages', async () => {
    const alice = await join('alice');
    const bob = await join('bob');
    expect(await alice.title()).toBe('faas-grip chat');
    expect(await alice.locator('#status').textContent()).toBe('Connected');

    await say(alice, 'hello bob');
    await expect.poll(() => lines(bob)).toContain('alice: hello bob');
    await say(bob, 'hi alice');
    await expect.poll(() => lines(alice)).toContain('bob: hi alice');

    // Each page shows its own nickname reply, then the conversation in order.
    expect(await lines(alice)).toEqual(['nickname set to [alice]', 'alice: hello bob', 'bob: hi alice']);
    expect(await lines(bob)).toEqual(['nickname set to [bob]', 'alice: hello bob', 'bob: hi alice']);
  }, 60_000);
});
