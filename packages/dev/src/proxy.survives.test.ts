import { describe, expect, it } from 'vitest';
import {
  acceptAll,
  answer,
  closed,
  connect,
  publish,
  published,
  setup,
  textOf,
  unexpectedResponse,
  until,
} from './test-harness.js';

const subscribeTo = (channel: string) => ({
  type: 'TEXT' as const,
  content: `c:${JSON.stringify({ type: 'subscribe', channel })}`,
});

/** An origin that accepts WebSockets subscribed to `room`. */
const roomOrigin = acceptAllWith([subscribeTo('room')]);

function acceptAllWith(events: Array<{ type: 'TEXT'; content: string }>) {
  return (
    entry: { events: string[] },
    req: Parameters<typeof acceptAll>[1],
    res: Parameters<typeof acceptAll>[2],
  ) =>
    entry.events[0] === 'OPEN'
      ? answer(res, [{ type: 'OPEN' }, ...events], { 'Sec-WebSocket-Extensions': 'grip' })
      : acceptAll(entry as Parameters<typeof acceptAll>[0], req, res);
}

async function subscribedClient(proxy: { wsUrl: string }, logs: Array<{ message: string }>) {
  const client = await connect(`${proxy.wsUrl}/ws`);
  await until(() => logs.some((l) => l.message === 'subscribed room'), 'the subscription');
  return client;
}

describe('the dev proxy survives what would have ended it', () => {
  it.each(['ping', 'pong'])(
    'refuses a published %s over 125 bytes with 400, and keeps serving',
    async (type) => {
      const { proxy, logs } = await setup(roomOrigin);
      const { ws, messages } = await subscribedClient(proxy, logs);
      const response = await publish(proxy, {
        items: [
          { channel: 'room', formats: { 'ws-message': { content: 'fine' } } },
          { channel: 'room', formats: { 'ws-message': { type, content: 'x'.repeat(126) } } },
        ],
      });
      expect(response.status).toBe(400);
      expect(await response.text()).toMatch(new RegExp(`${type} content is 126 bytes.*\\(items\\[1\\]\\)`));
      // Nothing of a refused publish is delivered, not even its valid items.
      await published(proxy, [{ channel: 'room', formats: { 'ws-message': { content: 'after' } } }]);
      await until(() => messages.length === 1, 'the publish after the refused one');
      expect(messages).toEqual(['after']);
      expect(ws.readyState).toBe(ws.OPEN);
    },
  );

  it.each([
    [
      'a header value',
      { headers: { 'X-Split': 'a\r\nSet-Cookie: evil=1' }, body: 'x' },
      /header "X-Split" has a value/,
    ],
    ['the reason', { code: 200, reason: 'OK\r\nX-Evil: 1', body: 'x' }, /reason has control characters/],
    ['a header value (NUL)', { headers: [['X-Nul', 'a\u0000b']], body: 'x' }, /header "X-Nul" has a value/],
    ['a header value (DEL)', { headers: { 'X-Del': 'a\u007fb' }, body: 'x' }, /header "X-Del" has a value/],
  ])(
    'refuses an http-response with CR/LF or worse in %s, and the long-poll still gets a valid one',
    async (_what, response, reason) => {
      const { proxy, logs } = await setup((_entry, _req, res) => {
        res.writeHead(200, { 'Grip-Hold': 'response', 'Grip-Channel': 'lp' });
        res.end('timeout\n');
      });
      const pending = fetch(`${proxy.url}/poll`);
      await until(() => logs.some((l) => l.message.startsWith('held as a long-poll')), 'the hold');
      const refused = await publish(proxy, {
        items: [{ channel: 'lp', formats: { 'http-response': response } }],
      });
      expect([refused.status, await refused.text()]).toEqual([400, expect.stringMatching(reason)]);
      await published(proxy, [
        { channel: 'lp', formats: { 'http-response': { headers: { 'X-Ok': '1' }, body: 'good' } } },
      ]);
      const held = await pending;
      expect([held.status, held.headers.get('x-ok'), await held.text()]).toEqual([200, '1', 'good']);
    },
  );

  it('answers 502 to a handshake whose OPEN answer holds a 126-byte PING, and serves the next one', async () => {
    let first = true;
    const { proxy, logs } = await setup((entry, req, res) => {
      if (entry.events[0] === 'OPEN' && first) {
        first = false;
        return answer(res, [{ type: 'OPEN' }, { type: 'PING', content: 'p'.repeat(126) }], {
          'Sec-WebSocket-Extensions': 'grip',
        });
      }
      acceptAll(entry, req, res);
    });
    const refused = await unexpectedResponse(`${proxy.wsUrl}/ws`);
    expect(refused.statusCode).toBe(502);
    expect(await textOf(refused)).toMatch(/PING event of 126 bytes/);
    expect(logs.some((l) => l.level === 'error' && l.message.includes('PING event of 126 bytes'))).toBe(true);
    const { ws } = await connect(`${proxy.wsUrl}/ws`);
    expect(ws.readyState).toBe(ws.OPEN);
  });

  it('closes only the connection whose origin answer holds a 126-byte PONG, with 1011', async () => {
    const { proxy, logs } = await setup((entry, req, res) => {
      if (entry.events[0] === 'TEXT bad') return answer(res, [{ type: 'PONG', content: 'p'.repeat(126) }]);
      if (entry.events[0] === 'TEXT good') return answer(res, [{ type: 'TEXT', content: 'm:fine' }]);
      roomOrigin(entry, req, res);
    });
    const victim = await subscribedClient(proxy, logs);
    const other = await connect(`${proxy.wsUrl}/ws`);
    const victimClosed = closed(victim.ws);
    victim.ws.send('bad');
    expect(await victimClosed).toEqual([1011, 'proxy error']);
    expect(logs.filter((l) => l.level === 'error').map((l) => l.message)).toEqual([
      expect.stringMatching(/origin sent a PONG event of 126 bytes.*closing the client connection with 1011/),
    ]);
    other.ws.send('good');
    await until(() => other.messages.length === 1, 'the other connection to keep working');
    expect(other.messages).toEqual(['fine']);
  });

  it('ignores a c:keep-alive ping over 125 bytes with a warning instead of failing in its timer', async () => {
    const keepAlive = { type: 'keep-alive', content: 'k'.repeat(126), 'message-type': 'ping', timeout: 0.01 };
    const { proxy, logs } = await setup(
      acceptAllWith([{ type: 'TEXT', content: `c:${JSON.stringify(keepAlive)}` }, subscribeTo('room')]),
    );
    const { ws, messages } = await subscribedClient(proxy, logs);
    expect(
      logs.some((l) => l.level === 'warn' && /keep-alive" has a ping of 126 bytes/.test(l.message)),
    ).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await published(proxy, [{ channel: 'room', formats: { 'ws-message': { content: 'still here' } } }]);
    await until(() => messages.length === 1, 'a publish after the keep-alive time');
    expect(ws.readyState).toBe(ws.OPEN);
  });

  it('takes an origin answer of 100,000 events in one body, and serves the next connection', async () => {
    const count = 100_000;
    const { proxy, logs } = await setup((entry, req, res) => {
      if (entry.events[0] === 'TEXT many') {
        // Built by hand: the answer is the origin's to frame, whatever the shared encoder can do.
        res.writeHead(200, { 'Content-Type': 'application/websocket-events' });
        res.end('TEXT 3\r\nm:x\r\n'.repeat(count));
        return;
      }
      acceptAll(entry, req, res);
    });
    const { ws, messages } = await connect(`${proxy.wsUrl}/ws`);
    ws.send('many');
    await until(
      () => messages.length === count || ws.readyState !== ws.OPEN,
      'the events or a close',
      20_000,
    );
    // Either every event arrived, or the connection ended with a logged reason; the process goes on.
    if (messages.length !== count) {
      expect(logs.some((l) => l.level === 'error')).toBe(true);
    }
    const next = await connect(`${proxy.wsUrl}/ws`);
    expect(next.ws.readyState).toBe(next.ws.OPEN);
  }, 30_000);
});
