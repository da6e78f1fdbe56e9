import type { GripHandler } from '@faas-grip/core';
import { type DevProxy, startDevProxy } from '@faas-grip/dev';
import { type Server, serve } from '@faas-grip/node';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from '../chromium.js';
import { freePorts } from '../proxies/ports.js';

/** An example app's page in Chromium, for the tests of the `describe` that made it. */
export interface AppPage {
  /** The proxy's client URL (once the `describe`'s hooks have run). */
  readonly url: string;
  /** The page, in a browser context of its own, once it says its connection is open. */
  open(): Promise<Page>;
}

/**
 * Serves `app` on Node behind the embedded dev proxy and launches Chromium,
 * before the tests of the `describe` it is called in, and stops them after.
 * The page must show `#status[data-state="open"]` once it is connected.
 */
export function appPage(app: GripHandler): AppPage {
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

  return {
    get url() {
      return proxy.url;
    },
    async open() {
      const context = await browser.newContext();
      contexts.push(context);
      const page = await context.newPage();
      await page.goto(`${proxy.url}/`);
      await page.locator('#status[data-state="open"]').waitFor({ timeout: 10_000 });
      return page;
    },
  };
}
