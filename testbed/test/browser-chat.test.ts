import { app } from '@faas-grip/example-chat/app';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { appPage } from '../src/suite/app-page.js';

describe('the chat page in Chromium, through the embedded dev proxy', () => {
  const chat = appPage(app);

  async function join(nick: string): Promise<Page> {
    const page = await chat.open();
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
