import { app } from '@faas-grip/example-feed/app';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { appPage } from '../src/suite/app-page.js';

describe('the live feed page in Chromium, through the embedded dev proxy', () => {
  const feed = appPage(app);

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
    const alice = await feed.open();
    const bob = await feed.open();
    expect(await alice.title()).toBe('faas-grip live feed');

    // The embedded proxy subscribes a stream before it answers the page, so
    // the page is live once its EventSource has opened.
    await publishFrom(alice, 'first');
    await publishFrom(bob, 'second');
    const published = await fetch(`${feed.url}/publish`, {
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
    const page = await feed.open();
    const post = (body: string) =>
      fetch(`${feed.url}/publish`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body,
      });
    expect((await post('not json')).status).toBe(400);
    expect((await post('{"title":""}')).status).toBe(400);
    expect((await post(JSON.stringify({ title: 'x'.repeat(201) }))).status).toBe(400);
    expect((await post(JSON.stringify({ title: 'x'.repeat(10_000) }))).status).toBe(413);
    expect((await fetch(`${feed.url}/publish`)).status).toBe(405);
    expect(await headlines(page)).toEqual([]);
  }, 30_000);
});
