import { readGripConfig } from '@faas-grip/core';
import { verifyGripSignature } from '@faas-grip/core/protocol';
import { describe, expect, it } from 'vitest';
import type { DevProxy } from '../proxy.js';
import { published, type Seen, setup, until } from '../test-harness.js';
import { holdAnswer, item, openStream, reads } from './stream-test-kit.js';

async function signedBy(proxy: DevProxy, seen: Seen): Promise<boolean> {
  const request = new Request('http://origin/', {
    headers: { 'Grip-Sig': String(seen.headers['grip-sig']) },
  });
  return (await verifyGripSignature(request, readGripConfig({ GRIP_URL: proxy.gripUrl }))).signed;
}

describe('HTTP streams, ordering by prev-id', () => {
  it('writes items that follow each other in order, without asking the origin again', async () => {
    const { proxy, seen } = await setup((_s, _req, res) =>
      holdAnswer(res, 'c; prev-id=1', '/s?after=1', 'open\n'),
    );
    const client = await openStream(`${proxy.url}/s`);
    await reads(client, 'open\n');
    await published(proxy, [item('c', 'm2\n', '2', '1'), item('c', 'm3\n', '3', '2')]);
    await reads(client, 'open\nm2\nm3\n');
    expect(seen).toHaveLength(1);
  });

  it('holds an item that arrives before the one it follows, then writes both in order', async () => {
    const { proxy, seen } = await setup((_s, _req, res) =>
      holdAnswer(res, 'c; prev-id=1', '/s?after=1', 'open\n'),
    );
    const client = await openStream(`${proxy.url}/s`);
    await reads(client, 'open\n');
    await published(proxy, [item('c', 'm3\n', '3', '2')]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(client.body()).toBe('open\n');
    await published(proxy, [item('c', 'm2\n', '2', '1')]);
    await reads(client, 'open\nm2\nm3\n');
    // A repeat of a delivered id is dropped.
    await published(proxy, [item('c', 'm3 again\n', '3', '2'), item('c', 'm4\n', '4', '3')]);
    await reads(client, 'open\nm2\nm3\nm4\n');
    expect(seen).toHaveLength(1);
  });
});

describe('HTTP streams, gap recovery through Grip-Link', () => {
  it('asks the next link with Grip-Last after about a second, appends the answer, then writes the held item', async () => {
    const { proxy, seen } = await setup((entry, _req, res) => {
      if (entry.headers['grip-last'] === undefined)
        return holdAnswer(res, 'c; prev-id=1', '/s?after=1', 'open\n');
      holdAnswer(res, 'c; prev-id=3', '/s?after=3', 'm3\n');
    });
    const client = await openStream(`${proxy.url}/s`);
    await reads(client, 'open\n');
    await published(proxy, [item('c', 'm2\n', '2', '1')]);
    await reads(client, 'open\nm2\n');
    const gapAt = Date.now();
    await published(proxy, [item('c', 'm4\n', '4', '3')]);
    await reads(client, 'open\nm2\nm3\nm4\n', 3000);
    const waited = Date.now() - gapAt;
    expect(waited).toBeGreaterThanOrEqual(900);
    expect(waited).toBeLessThan(2500);
    expect(seen).toHaveLength(2);
    const recovery = seen[1]!;
    expect(recovery.headers['grip-last']).toBe('c; last-id=2');
    expect(recovery.headers.host).toBe(seen[0]!.headers.host);
    expect(await signedBy(proxy, recovery)).toBe(true);
    // The new position and link count from now on: the next gap asks /s?after=3's successor.
    await published(proxy, [item('c', 'm6\n', '6', '5')]);
    await until(() => seen.length === 3, 'the second recovery');
    expect(seen[2]!.headers['grip-last']).toBe('c; last-id=4');
  });

  it('drops held items the recovery already covered, and writes the ones after it', async () => {
    let path = '';
    const { proxy, seen } = await setup((entry, req, res) => {
      if (entry.headers['grip-last'] === undefined)
        return holdAnswer(res, 'c; prev-id=1', '/s?after=1', 'open\n');
      path = req.url ?? '';
      // The log had 2, 3 and 4 by then: the answer holds all three.
      holdAnswer(res, 'c; prev-id=4', '/s?after=4', 'm2\nm3\nm4\n');
    });
    const client = await openStream(`${proxy.url}/s`);
    await reads(client, 'open\n');
    await published(proxy, [item('c', 'm3\n', '3', '2'), item('c', 'm4\n', '4', '3')]);
    await until(() => seen.length === 2, 'the recovery request');
    await published(proxy, [item('c', 'm5\n', '5', '4')]);
    await reads(client, 'open\nm2\nm3\nm4\nm5\n');
    expect([path, seen[1]!.headers['grip-last']]).toEqual(['/s?after=1', 'c; last-id=1']);
  });

  it('recovers at once when the hold starts behind what the channel already delivered', async () => {
    const { proxy, seen } = await setup((entry, _req, res) => {
      if (entry.headers['grip-last'] === undefined)
        return holdAnswer(res, 'c; prev-id=1', '/s?after=1', 'open\n');
      holdAnswer(res, 'c; prev-id=2', '/s?after=2', 'm2\n');
    });
    // A stream elsewhere makes the channel's last id 2.
    const first = await openStream(`${proxy.url}/s`);
    await reads(first, 'open\n');
    await published(proxy, [item('c', 'm2\n', '2', '1')]);
    await reads(first, 'open\nm2\n');
    const late = await openStream(`${proxy.url}/s`);
    await reads(late, 'open\nm2\n', 800);
    expect(seen[2]!.headers['grip-last']).toBe('c; last-id=1');
  });

  it('recovers instead of closing on a close action without prev-id, as Pushpin; one with prev-id closes', async () => {
    const { proxy, seen, logs } = await setup((entry, _req, res) => {
      if (entry.headers['grip-last'] === undefined)
        return holdAnswer(res, 'c; prev-id=1', '/s?after=1', 'open\n');
      holdAnswer(res, 'c; prev-id=1', '/s?after=1', '');
    });
    const client = await openStream(`${proxy.url}/s`);
    await reads(client, 'open\n');
    await published(proxy, [{ channel: 'c', formats: { 'http-stream': { action: 'close' } } }]);
    await until(() => seen.length === 2, 'the recovery request');
    expect(seen[1]!.headers['grip-last']).toBe('c; last-id=1');
    expect(
      logs.some((l) => l.level === 'warn' && l.message.includes('has no prev-id; recovering instead')),
    ).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(client.ended()).toBe(false);
    await published(proxy, [
      { channel: 'c', 'prev-id': '1', formats: { 'http-stream': { action: 'close' } } },
    ]);
    await until(() => client.ended(), 'the end of the stream');
    expect(client.body()).toBe('open\n');
  });

  it('sends no Grip-Last for a channel the hold gave no prev-id, as Pushpin (measured)', async () => {
    const { proxy, seen } = await setup((entry, _req, res) => {
      if (entry.headers['grip-last'] === undefined && seen.length === 1)
        return holdAnswer(res, 'c', '/s', 'open\n');
      holdAnswer(res, 'c; prev-id=3', '/s', '');
    });
    const client = await openStream(`${proxy.url}/s`);
    await reads(client, 'open\n');
    await published(proxy, [item('c', 'm1\n', '1'), item('c', 'm3\n', '3', '2')]);
    await until(() => seen.length === 2, 'the recovery request');
    expect(seen[1]!.headers['grip-last']).toBeUndefined();
    // The answer says the client is at 3: m3, which follows 2, counts as covered.
    await published(proxy, [item('c', 'm4\n', '4', '3')]);
    await reads(client, 'open\nm1\nm4\n');
  });
});
