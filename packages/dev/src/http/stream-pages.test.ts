import { describe, expect, it } from 'vitest';
import { published, setup, until } from '../test-harness.js';
import { holdAnswer, item, openStream, reads } from './stream-test-kit.js';

describe('HTTP streams without a link to recover from', () => {
  it("waits 5 s for a missing item, then sends what waited, as Pushpin's message_wait", async () => {
    const { proxy } = await setup((_e, _r, res) => holdAnswer(res, 'ord', undefined, 'open\n'));
    const client = await openStream(`${proxy.url}/s`);
    await reads(client, 'open\n');
    await published(proxy, [item('ord', 'm1\n', '1'), item('ord', 'm3\n', '3', '2')]);
    await published(proxy, [item('ord', 'm2\n', '2', '1')]);
    await reads(client, 'open\nm1\nm2\nm3\n');
    const gapAt = Date.now();
    await published(proxy, [item('ord', 'm3 again\n', '3', '2'), item('ord', 'm5\n', '5', '4')]);
    await reads(client, 'open\nm1\nm2\nm3\nm5\n', 6000);
    expect(Date.now() - gapAt).toBeGreaterThanOrEqual(4900);
  }, 10_000);
});

describe('HTTP streams, links', () => {
  it('follows a paged answer page by page until one holds the stream', async () => {
    const { proxy, seen } = await setup((_e, req, res) => {
      if (req.url === '/feed') {
        res.writeHead(200, { 'Content-Type': 'text/plain', 'Grip-Link': '</feed?page=2>; rel=next' });
        return res.end('p1\n');
      }
      if (req.url === '/feed?page=2') {
        res.writeHead(200, { 'Grip-Link': '<feed?page=3>; rel=next' });
        return res.end('p2\n');
      }
      holdAnswer(res, 'f', undefined, 'p3\n');
    });
    const client = await openStream(`${proxy.url}/feed`);
    await reads(client, 'p1\np2\np3\n');
    await published(proxy, [item('f', 'live\n')]);
    await reads(client, 'p1\np2\np3\nlive\n');
    expect(seen.map((s) => s.headers['grip-last'])).toEqual([undefined, undefined, undefined]);
  });

  it('ends a paged answer at the page without a link, as Pushpin', async () => {
    const { proxy } = await setup((_e, req, res) => {
      res.writeHead(200, req.url === '/feed' ? { 'Grip-Link': '</feed?page=2>; rel=next' } : {});
      res.end(`${req.url}\n`);
    });
    const client = await openStream(`${proxy.url}/feed`);
    await until(() => client.ended(), 'the end of the paged answer');
    expect(client.body()).toBe('/feed\n/feed?page=2\n');
  });

  it('asks the next link again every timeout=N seconds without a publish', async () => {
    const { proxy, seen } = await setup((_e, req, res) => {
      res.writeHead(200, {
        'Grip-Hold': 'stream',
        'Grip-Channel': 'c; prev-id=1',
        'Grip-Link': '</s?after=1>; rel=next; timeout=1',
      });
      res.end(req.url === '/s' ? 'open\n' : '');
    });
    const client = await openStream(`${proxy.url}/s`);
    await reads(client, 'open\n');
    const started = Date.now();
    await until(() => seen.length === 2, 'the timed link request', 3000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect([seen[1]!.headers['grip-last'], client.body()]).toEqual(['c; last-id=1', 'open\n']);
  });

  it('POSTs the gone link, signed, when the client leaves', async () => {
    const { proxy, seen } = await setup((_e, req, res) => {
      if (req.method === 'POST') return res.end();
      res.writeHead(200, {
        'Grip-Hold': 'stream',
        'Grip-Channel': 'c',
        'Grip-Link': '</s?after=1>; rel=next, </bye?who=1>; rel=gone',
      });
      res.end('open\n');
    });
    const client = await openStream(`${proxy.url}/s`);
    await reads(client, 'open\n');
    client.close();
    await until(() => seen.length === 2, 'the gone request');
    expect(seen[1]!.headers['grip-sig']).toBeTypeOf('string');
    expect(seen[1]!.body.length).toBe(0);
  });
});

describe('long-polls with prev-id', () => {
  it('asks the origin again with Grip-Last when the prev-id is stale, then holds the new answer', async () => {
    const { proxy, seen } = await setup((entry, _req, res) => {
      const prevId = entry.headers['grip-last'] === undefined ? 'a' : 'b';
      res.writeHead(200, { 'Grip-Hold': 'response', 'Grip-Channel': `lp; prev-id=${prevId}` });
      res.end('timeout\n');
    });
    // The proxy delivers b on lp, so a poll announcing prev-id=a is behind.
    await published(proxy, [{ channel: 'lp', id: 'b', formats: { 'http-response': { body: 'b' } } }]);
    const poll = fetch(`${proxy.url}/poll`);
    await until(() => seen.length === 2, 'the second origin request');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await published(proxy, [
      { channel: 'lp', id: 'c', 'prev-id': 'b', formats: { 'http-response': { body: 'c' } } },
    ]);
    const response = await poll;
    expect(await response.text()).toBe('c');
    expect(seen.map((s) => s.headers['grip-last'])).toEqual([undefined, 'lp; last-id=a']);
  });

  it('asks the origin again when a publish follows another id than the poll prev-id, and answers with that', async () => {
    const { proxy, seen } = await setup((entry, _req, res) => {
      if (entry.headers['grip-last'] === undefined) {
        res.writeHead(200, { 'Grip-Hold': 'response', 'Grip-Channel': 'lp; prev-id=a' });
        return res.end('timeout\n');
      }
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('b and c\n');
    });
    const poll = fetch(`${proxy.url}/poll`);
    await until(() => seen.length === 1, 'the poll at the origin');
    await new Promise((resolve) => setTimeout(resolve, 50));
    // b never reached the proxy: c follows b, the poll is at a.
    await published(proxy, [
      { channel: 'lp', id: 'c', 'prev-id': 'b', formats: { 'http-response': { body: 'c' } } },
    ]);
    const response = await poll;
    expect(await response.text()).toBe('b and c\n');
    expect(seen.map((s) => s.headers['grip-last'])).toEqual([undefined, 'lp; last-id=a']);
  });
});
