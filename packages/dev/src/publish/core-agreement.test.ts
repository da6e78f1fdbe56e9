import {
  createPublisher,
  HttpResponseFormat,
  type IFormat,
  type Publisher,
  WebSocketMessageFormat,
} from '@faas-grip/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePublishBody } from '../engine/publish/parse.js';
import { answer, closed, connect, rawExchange, setup, until } from '../test-harness.js';

// One rule, two sides: a format core's publisher sends is one the dev proxy
// takes and delivers, and one core refuses is one the proxy refuses too.

/** Text from every corner that matters: controls, Latin-1, beyond U+00FF, astral. */
const text = fc.string({
  unit: fc.oneof(
    fc.constantFrom('a', ' ', '\t', '\r', '\n', '\0', '\x7f', 'é', 'ÿ', 'Ā', '☕', '😀', ';', '"'),
    fc.string({ minLength: 1, maxLength: 1 }),
  ),
  maxLength: 12,
});
const headerName = fc.constantFrom(
  'X-A',
  'Content-Type',
  'Content-Length',
  'Set-Cookie',
  'Connection',
  'transfer-encoding',
  'Keep-Alive',
  'Upgrade',
  'X A',
  '',
  'X:Y',
  'Ü',
);
const code = fc.oneof(
  fc.integer({ min: 0, max: 1000 }),
  fc.constantFrom('200', '404', '099', '1000', 'abc', '2e2'),
);

const wsFormat: fc.Arbitrary<IFormat> = fc.oneof(
  fc
    .option(fc.integer({ min: -1, max: 5100 }), { nil: undefined })
    .map((c) => new WebSocketMessageFormat(null, true, c)),
  text.map((t) => new WebSocketMessageFormat(t)),
  fc.uint8Array({ maxLength: 8 }).map((b) => new WebSocketMessageFormat(b)),
);
const httpFormat: fc.Arbitrary<IFormat> = fc
  .record({
    code: fc.option(code, { nil: null }),
    reason: fc.option(text, { nil: null }),
    headers: fc.option(fc.dictionary(headerName, text, { maxKeys: 2 }), { nil: null }),
    body: fc.option(fc.oneof(text, fc.uint8Array({ maxLength: 4 })), { nil: null }),
  })
  .map((params) => new HttpResponseFormat(params));

/** Whether core's publisher sends the format (it checks before any request). */
async function coreSends(format: IFormat): Promise<boolean> {
  let sent = false;
  const publisher = createPublisher(
    { GRIP_URL: 'http://p.test/' },
    {
      fetch: async () => {
        sent = true;
        return new Response('Published\n');
      },
    },
  );
  await publisher.publish('c', format).catch(() => undefined);
  return sent;
}

function devTakes(format: IFormat): boolean {
  try {
    parsePublishBody(
      JSON.stringify({ items: [{ channel: 'c', formats: { [format.name()]: format.export() } }] }),
    );
    return true;
  } catch {
    return false;
  }
}

describe('core and the dev proxy agree on what may be published', () => {
  it('a ws-message or http-response core sends is one the proxy takes, and only those', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(wsFormat, httpFormat), async (format) => {
        expect(devTakes(format)).toBe(await coreSends(format));
      }),
      { numRuns: 1500 },
    );
  });
});

/** A publisher that sends to the dev proxy's publish API. */
function publisherFor(publishUrl: string): Publisher {
  return createPublisher({ GRIP_URL: publishUrl.replace(/\/publish\/?$/, '') });
}

describe('what core publishes, the dev proxy delivers (real sockets)', () => {
  it('every close code core sends reaches the WebSocket client as that code', async () => {
    const subscribe = {
      type: 'TEXT' as const,
      content: `c:${JSON.stringify({ type: 'subscribe', channel: 'room' })}`,
    };
    const { proxy, logs } = await setup((entry, _req, res) =>
      entry.events[0] === 'OPEN'
        ? answer(res, [{ type: 'OPEN' }, subscribe], { 'Sec-WebSocket-Extensions': 'grip' })
        : answer(res, []),
    );
    const publisher = publisherFor(proxy.publishUrl);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1000, max: 4999 }), async (closeCode) => {
        const format = new WebSocketMessageFormat(null, true, closeCode);
        if (!(await coreSends(format))) return;
        const before = logs.filter((l) => l.message === 'subscribed room').length;
        const { ws } = await connect(`${proxy.wsUrl}/ws`);
        await until(
          () => logs.filter((l) => l.message === 'subscribed room').length > before,
          'the subscription',
        );
        const seen = closed(ws);
        await publisher.publish('room', format);
        expect((await seen)[0]).toBe(closeCode);
      }),
      { numRuns: 25, examples: [[1000], [1016], [2000], [2999], [3000], [4999]] },
    );
  });

  it('a reason and header values beyond ASCII reach the long-poll client as their UTF-8 bytes, as Pushpin writes them', async () => {
    const { proxy, logs } = await setup((_entry, _req, res) => {
      res.writeHead(200, { 'Grip-Hold': 'response', 'Grip-Channel': 'lp' });
      res.end('timeout\n');
    });
    const port = Number(new URL(proxy.url).port);
    const publisher = publisherFor(proxy.publishUrl);
    await fc.assert(
      fc.asyncProperty(text, text, fc.integer({ min: 200, max: 599 }), async (reason, value, status) => {
        const format = new HttpResponseFormat({
          code: status,
          reason,
          headers: { 'X-T': value },
          body: 'ok',
        });
        if (!(await coreSends(format))) return;
        const holds = logs.filter((l) => l.message.startsWith('held as a long-poll')).length;
        const answer = rawExchange(port, 'GET /poll HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
        await until(
          () => logs.filter((l) => l.message.startsWith('held as a long-poll')).length > holds,
          'the hold',
        );
        await publisher.publish('lp', format);
        const bytes = Buffer.from(await answer, 'latin1');
        const lines = bytes.toString('utf8').split('\r\n');
        // An empty reason gets the status's usual one, from Pushpin and from Node alike.
        if (reason !== '') expect(lines[0]).toBe(`HTTP/1.1 ${status} ${reason}`);
        else expect(lines[0]).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
        expect(lines).toContain(`X-T: ${value}`);
      }),
      { numRuns: 30, examples: [['café ☕', 'naïve 😀', 200]] },
    );
  });
});
