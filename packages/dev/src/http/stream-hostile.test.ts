import { describe, expect, it } from 'vitest';
import { published, setup, until } from '../test-harness.js';
import { holdAnswer, item, openStream, reads } from './stream-test-kit.js';

/** An origin whose first answer holds `c` at prev-id 1 with a next link, and whose link answers are `recovery`'s. */
function originWith(recovery: Parameters<typeof setup>[0]): Parameters<typeof setup>[0] {
  return (entry, req, res) => {
    if (req.url === '/s') return holdAnswer(res, 'c; prev-id=1', '/s?after=1', 'open\n');
    recovery(entry, req, res);
  };
}

describe('HTTP streams, recoveries that fail', () => {
  it('lets the held items go and keeps the stream when the link answers 500', async () => {
    const { proxy, seen, logs } = await setup(
      originWith((_e, _r, res) => {
        res.writeHead(500);
        res.end('boom\n');
      }),
    );
    const client = await openStream(`${proxy.url}/s`);
    await reads(client, 'open\n');
    await published(proxy, [item('c', 'm3\n', '3', '2')]);
    await reads(client, 'open\nm3\n', 3000);
    await published(proxy, [item('c', 'm4\n', '4', '3')]);
    await reads(client, 'open\nm3\nm4\n');
    expect(seen.map((s) => s.headers['grip-last'])).toEqual([undefined, 'c; last-id=1']);
    expect(logs.some((l) => l.level === 'warn' && l.message.includes('answered 500'))).toBe(true);
    expect(client.ended()).toBe(false);
  });

  it('gives up on a link that does not answer within linkTimeoutMs, and on a long-poll or oversized answer', async () => {
    let calls = 0;
    const { proxy, logs } = await setup(
      originWith((_e, _r, res) => {
        calls++;
        if (calls === 1) return; // never answers
        if (calls === 2) {
          res.writeHead(200, { 'Grip-Hold': 'response', 'Grip-Channel': 'c' });
          return res.end('later\n');
        }
        holdAnswer(res, 'c; prev-id=9', '/s?after=9', 'x'.repeat(5000));
      }),
      { limits: { linkTimeoutMs: 300, originAnswerBytes: 4096 } },
    );
    const client = await openStream(`${proxy.url}/s`);
    await reads(client, 'open\n');
    await published(proxy, [item('c', 'm3\n', '3', '2')]);
    await reads(client, 'open\nm3\n', 3000);
    await published(proxy, [item('c', 'm5\n', '5', '4')]);
    await reads(client, 'open\nm3\nm5\n', 3000);
    await published(proxy, [item('c', 'm7\n', '7', '6')]);
    await reads(client, 'open\nm3\nm5\nm7\n', 3000);
    const failures = logs.filter((l) => l.message.includes('failed:')).map((l) => l.message);
    expect(failures).toEqual([
      expect.stringContaining('no answer within 300 ms'),
      expect.stringContaining('long-poll hold'),
      expect.stringContaining('body is larger than 4096 bytes'),
    ]);
  });
});

describe('HTTP streams, link requests in flight', () => {
  it('drops the link request when the client leaves, rather than waiting for the origin', async () => {
    let dropped = false;
    const { proxy, seen } = await setup(
      originWith((_e, _r, res) => {
        res.on('close', () => (dropped = true));
      }),
    );
    const client = await openStream(`${proxy.url}/s`);
    await reads(client, 'open\n');
    await published(proxy, [item('c', 'm3\n', '3', '2')]);
    await until(() => seen.length === 2, 'the link request');
    client.close();
    // linkTimeoutMs is 10 s: this is the client leaving, not the time limit.
    await until(() => dropped, 'the origin to see the link request end', 2000);
  });
});

describe('HTTP streams, hostile origins and publishers', () => {
  it('never asks another host: an absolute link elsewhere is ignored with a warning', async () => {
    const { proxy, seen, logs } = await setup((_e, _r, res) => {
      res.writeHead(200, {
        'Content-Type': 'text/plain',
        'Grip-Link': '<http://198.51.100.7:9/steal>; rel=next',
      });
      res.end('page one\n');
    });
    const response = await fetch(`${proxy.url}/feed`);
    expect(await response.text()).toBe('page one\n');
    expect(seen).toHaveLength(1);
    expect(logs.some((l) => l.message.includes('points to another host'))).toBe(true);
  });

  it('ends a loop of next links after linkFollows requests', async () => {
    const { proxy, seen } = await setup(
      (_e, _r, res) => {
        res.writeHead(200, { 'Content-Type': 'text/plain', 'Grip-Link': '</page>; rel=next' });
        res.end('p\n');
      },
      { limits: { linkFollows: 5 } },
    );
    const client = await openStream(`${proxy.url}/page`);
    await until(() => client.ended(), 'the end of the paged stream');
    expect(client.body()).toBe('p\n'.repeat(6));
    expect(seen).toHaveLength(6);
  });

  it('holds at most streamHeldItems items for one stream and drops the rest', async () => {
    const { proxy, logs } = await setup(
      originWith((_e, _r, res) => {
        res.writeHead(503);
        res.end();
      }),
      { limits: { streamHeldItems: 10, linkFollows: 5 } },
    );
    const client = await openStream(`${proxy.url}/s`);
    await reads(client, 'open\n');
    const items = Array.from({ length: 2000 }, (_, i) =>
      item('c', `m${i + 3}\n`, String(i + 3), String(i + 2)),
    );
    await published(proxy, items);
    const expected = `open\n${Array.from({ length: 10 }, (_, i) => `m${i + 3}\n`).join('')}`;
    await reads(client, expected, 3000);
    expect(logs.filter((l) => l.message.includes('dropped: the stream already holds 10 items'))).toHaveLength(
      1990,
    );
  });

  it('sends no Grip-Last for an id a header cannot carry, and still recovers', async () => {
    const { proxy, seen } = await setup(
      originWith((_e, _r, res) => holdAnswer(res, 'c; prev-id=z', '/s?after=z', 'r\n')),
    );
    const client = await openStream(`${proxy.url}/s`);
    await reads(client, 'open\n');
    const huge = 'h'.repeat(100_000);
    await published(proxy, [item('c', 'big\n', huge, '1'), item('c', 'm\n', 'm', 'lost')]);
    await reads(client, 'open\nbig\nr\n', 3000);
    expect(seen).toHaveLength(2);
    expect(seen[1]!.headers['grip-last']).toBeUndefined();
    // An id with a line break cannot be reflected either.
    await published(proxy, [item('c', 'nl\n', 'a\r\nX-Evil: 1', 'z'), item('c', 'late\n', 'q', 'gap')]);
    await reads(client, 'open\nbig\nr\nnl\nr\n', 3000);
    expect(seen).toHaveLength(3);
    expect(seen[2]!.headers['grip-last']).toBeUndefined();
  });
});
