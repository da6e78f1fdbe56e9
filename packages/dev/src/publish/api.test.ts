import http from 'node:http';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { publishBody } from '../engine/publish/items.arbitrary.js';
import type { DevProxy } from '../proxy.js';
import {
  acceptAll,
  answer,
  connect,
  publish,
  published,
  type Script,
  setup,
  textOf,
  until,
} from '../test-harness.js';

/** A publish sent with exactly these headers (Node lets a test set Host). */
function rawPublish(
  proxy: DevProxy,
  headers: Record<string, string>,
  body = '{"items":[]}',
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(proxy.publishUrl, { method: 'POST', headers });
    request.on('response', async (response) =>
      resolve({ status: response.statusCode ?? 0, text: await textOf(response) }),
    );
    request.on('error', reject);
    request.end(body);
  });
}

const json = { 'Content-Type': 'application/json' };

/** An origin whose WebSockets subscribe to channels a and b, and which holds /poll and /stream on them. */
const subscriber: Script = (entry, req, res) => {
  if (req.url === '/poll' || req.url === '/stream') {
    res.writeHead(200, { 'Grip-Hold': req.url === '/poll' ? 'response' : 'stream', 'Grip-Channel': 'a, b' });
    res.end();
    return;
  }
  entry.events[0] === 'OPEN'
    ? answer(
        res,
        [
          { type: 'OPEN' },
          { type: 'TEXT', content: 'c:{"type":"subscribe","channel":"a"}' },
          { type: 'TEXT', content: 'c:{"type":"subscribe","channel":"b"}' },
        ],
        { 'Sec-WebSocket-Extensions': 'grip' },
      )
    : acceptAll(entry, req, res);
};

describe('the publish API refuses what a web page could send', () => {
  it('answers only to its own host names (no DNS rebinding)', async () => {
    const { proxy } = await setup(acceptAll);
    const port = proxy.publishPort;
    for (const host of [
      'localhost',
      `localhost:${port}`,
      `127.0.0.1:${port}`,
      `[::1]:${port}`,
      'LOCALHOST.',
    ]) {
      expect([host, (await rawPublish(proxy, { ...json, Host: host })).status]).toEqual([host, 200]);
    }
    await fc.assert(
      fc.asyncProperty(
        fc.domain(),
        fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
        async (name, p) => {
          fc.pre(!['localhost', '127.0.0.1'].includes(name.toLowerCase().replace(/\.$/, '')));
          const host = p === undefined ? name : `${name}:${p}`;
          const { status, text } = await rawPublish(proxy, { ...json, Host: host });
          expect(status).toBe(403);
          expect(text).toMatch(/^Host ".*" is not this proxy's; use one of localhost, 127\.0\.0\.1, \[::1\]/);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('refuses any Origin but its own', async () => {
    const { proxy } = await setup(acceptAll);
    const own = `http://127.0.0.1:${proxy.publishPort}`;
    expect((await publish(proxy, '{"items":[]}', { Origin: own })).status).toBe(200);
    for (const origin of [
      'http://evil.example',
      'null',
      `http://127.0.0.1:${proxy.port}`,
      `https://127.0.0.1:${proxy.publishPort}`,
    ]) {
      const response = await publish(proxy, '{"items":[]}', { Origin: origin });
      expect([origin, response.status, await response.text()]).toEqual([
        origin,
        403,
        expect.stringMatching(/^Publishing from a web page is not allowed/),
      ]);
    }
  });

  it('takes JSON only, so that a page cannot POST text/plain without asking first', async () => {
    const { proxy } = await setup(acceptAll);
    for (const type of [
      'text/plain;charset=UTF-8',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    ]) {
      const { status, text } = await rawPublish(proxy, { 'Content-Type': type });
      expect([type, status, text]).toEqual([
        type,
        415,
        expect.stringMatching(/^Content-Type must be application\/json/),
      ]);
    }
    expect((await rawPublish(proxy, {})).status).toBe(415);
    for (const type of ['application/json', 'Application/JSON; charset=utf-8']) {
      expect([type, (await rawPublish(proxy, { 'Content-Type': type })).status]).toEqual([type, 200]);
    }
  });
});

describe('the publish API delivers each item once', () => {
  it('drops an item whose id was published on the channel in the last 60 s (a publisher retrying)', async () => {
    const { proxy, logs } = await setup(subscriber);
    const { messages } = await connect(`${proxy.wsUrl}/ws`);
    await until(() => logs.some((l) => l.message === 'subscribed b'), 'the subscriptions');
    const item = (channel: string, content: string) => ({
      channel,
      id: 'retry-1',
      formats: { 'ws-message': { content } },
    });
    await published(proxy, [item('a', 'first')]);
    await published(proxy, [item('a', 'again')]);
    await published(proxy, [item('b', 'other channel')]);
    await until(() => messages.length === 2, 'two deliveries');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(messages).toEqual(['first', 'other channel']);
  });
});

describe('the publish API in the log', () => {
  it('keeps each entry on one line whatever the publisher put in channels and ids', async () => {
    const { proxy, logs } = await setup(acceptAll);
    await published(proxy, [
      { channel: 'a\nfake: line', id: 'x\r\ny', formats: { 'ws-message': { content: 'm' } } },
    ]);
    await publish(proxy, {
      items: [{ channel: 'b\u001b[31m', formats: { 'http-response': { reason: '\n' } } }],
    });
    const lines = logs.filter((l) => l.scope === 'publish').map((l) => l.message);
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).not.toMatch(/\p{Cc}/u);
  });
});

describe('the publish API on arbitrary JSON', () => {
  it('answers 200 or 400 with a reason, never fails a subscriber, and still publishes afterwards', async () => {
    const { proxy, logs } = await setup(subscriber);
    const { ws, messages } = await connect(`${proxy.wsUrl}/ws`);
    await until(() => logs.some((l) => l.message === 'subscribed b'), 'the subscriptions');
    // Long-polls and streams are held on the same channels, each asked again once it ends.
    const holds = new AbortController();
    for (const path of ['/poll', '/stream']) {
      void (async () => {
        while (!holds.signal.aborted) {
          await fetch(`${proxy.url}${path}`, { signal: holds.signal })
            .then((response) => response.arrayBuffer())
            .catch(() => undefined);
        }
      })();
    }
    await until(() => logs.some((l) => l.message.startsWith('held as a long-poll')), 'the long-poll');
    await until(() => logs.some((l) => l.message.startsWith('held as a stream')), 'the stream');
    await fc.assert(
      fc.asyncProperty(publishBody, async (body) => {
        const response = await publish(proxy, body);
        const text = await response.text();
        expect([200, 400]).toContain(response.status);
        if (response.status === 400) expect(text.trim()).not.toBe('');
      }),
      {
        numRuns: 150,
        // Run first: one delivery to each kind of subscriber, and the inputs that once ended the process.
        examples: [
          [{ items: [{ channel: 'a', formats: { 'ws-message': { content: 'x' } } }] }],
          [{ items: [{ channel: 'b', formats: { 'http-stream': { content: 'x' } } }] }],
          [{ items: [{ channel: 'a', formats: { 'http-response': { body: 'x' } } }] }],
          [
            {
              items: [
                { channel: 'a', formats: { 'ws-message': { type: 'ping', content: 'x'.repeat(126) } } },
              ],
            },
          ],
          [{ items: [{ channel: 'b', formats: { 'http-response': { headers: { A: '\r\n' }, body: '' } } }] }],
        ],
      },
    );
    holds.abort();
    expect(logs.filter((l) => l.level === 'error')).toEqual([]);
    // The runs reached every kind of subscriber, not only the validation (the examples make sure).
    for (const delivered of [/^long-poll answered by publish/, /^stream ← publish/, /^client ← publish/]) {
      expect([delivered, logs.some((l) => delivered.test(l.message))]).toEqual([delivered, true]);
    }
    const before = messages.length;
    if (ws.readyState === ws.OPEN) {
      await published(proxy, [{ channel: 'a', formats: { 'ws-message': { content: 'normal' } } }]);
      await until(() => messages.length > before, 'the normal publish');
      expect(messages.at(-1)).toBe('normal');
    } else {
      // A published close may have ended the socket; a new one gets the normal publish.
      const next = await connect(`${proxy.wsUrl}/ws`);
      await until(() => logs.filter((l) => l.message === 'subscribed a').length >= 2, 'the new subscription');
      await published(proxy, [{ channel: 'a', formats: { 'ws-message': { content: 'normal' } } }]);
      await until(() => next.messages.length === 1, 'the normal publish');
      expect(next.messages).toEqual(['normal']);
    }
  }, 30_000);
});
