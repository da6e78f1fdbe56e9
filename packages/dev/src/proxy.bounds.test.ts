import net from 'node:net';
import { describe, expect, it } from 'vitest';
import type { DevProxy } from './proxy.js';
import {
  acceptAll,
  answer,
  closed,
  connect,
  publish,
  rawExchange,
  type Script,
  setup,
  until,
} from './test-harness.js';

/** A TCP client that sends `request` and then never reads what comes back. */
function stuckClient(port: number, request: string): net.Socket {
  const socket = net.connect(port, '127.0.0.1', () => {
    socket.write(request);
    socket.pause();
  });
  socket.on('error', () => undefined);
  return socket;
}

/** Publishes 900 KB items on `channel` until `done` (at most 80 of them: 72 MB). */
async function flood(
  proxy: DevProxy,
  channel: string,
  format: 'ws-message' | 'http-stream',
  done: () => boolean,
) {
  const content = 'x'.repeat(900_000);
  for (let i = 0; i < 80 && !done(); i++) {
    const response = await publish(proxy, { items: [{ channel, formats: { [format]: { content } } }] });
    expect(response.status).toBe(200);
  }
}

describe('bounds on what one connection or request can make the proxy hold', () => {
  it('delivers 100,000 queued client messages in order, in requests of at most 1000 events', async () => {
    let release: (() => void) | undefined;
    const script: Script = (entry, req, res) => {
      if (entry.events[0] === 'TEXT 0') {
        release = () => answer(res, []);
        return;
      }
      acceptAll(entry, req, res);
    };
    const { proxy, seen, logs } = await setup(script);
    const { ws } = await connect(`${proxy.wsUrl}/ws`);
    const count = 100_000;
    for (let i = 0; i < count; i++) ws.send(String(i));
    await until(() => release !== undefined, 'the first message to reach the origin');
    release!();
    const received = () => seen.flatMap((s) => s.events).filter((e) => e.startsWith('TEXT '));
    await until(() => received().length === count, `all ${count} messages at the origin`, 30_000);
    expect(received()).toEqual(Array.from({ length: count }, (_, i) => `TEXT ${i}`));
    const sizes = seen.slice(1).map((s) => s.events.length);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(1000);
    expect(sizes.length).toBeGreaterThanOrEqual(count / 1000);
    // The origin fell behind, so the proxy stopped reading the client instead of queueing without end.
    expect(logs.some((l) => l.message.includes('reading from the client paused'))).toBe(true);
    expect(ws.readyState).toBe(ws.OPEN);
    expect(logs.filter((l) => l.level === 'error')).toEqual([]);
  }, 40_000);

  it('takes a client message of exactly 1 MiB and closes with 1009 on a larger one', async () => {
    const { proxy, seen } = await setup(acceptAll);
    const { ws } = await connect(`${proxy.wsUrl}/ws`);
    ws.send(Buffer.alloc(1024 * 1024, 1));
    await until(() => seen.length === 2, 'the 1 MiB message');
    expect(seen[1]!.events[0]!.length).toBe('BINARY '.length + 1024 * 1024);
    const closing = closed(ws);
    ws.send(Buffer.alloc(1024 * 1024 + 1, 1));
    expect((await closing)[0]).toBe(1009);
  });

  it('answers 413 to a plain request body over the limit, announced or streamed, without asking the origin', async () => {
    const { proxy, seen } = await setup(acceptAll, { limits: { requestBodyBytes: 1000 } });
    const announced = await rawExchange(
      proxy.port,
      'POST /upload HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 1001\r\n\r\n',
    );
    expect(announced).toMatch(/^HTTP\/1\.1 413 [\s\S]*\r\n\r\nRequest body too large\.\n$/);
    const chunk = `${(600).toString(16)}\r\n${'y'.repeat(600)}\r\n`;
    const streamed = await rawExchange(
      proxy.port,
      `POST /upload HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n${chunk}${chunk}`,
    );
    expect(streamed).toMatch(/^HTTP\/1\.1 413 [\s\S]*\r\n\r\nRequest body too large\.\n$/);
    expect(seen).toHaveLength(0);
    const fits = await fetch(`${proxy.url}/upload`, { method: 'POST', body: 'z'.repeat(1000) });
    expect(fits.status).toBe(200);
  });

  it('answers a publish over 1,000,000 bytes with 400 "Request body too large.", as Pushpin', async () => {
    const { proxy } = await setup(acceptAll);
    const body = JSON.stringify({
      items: [{ channel: 'c', formats: { 'ws-message': { content: 'x'.repeat(1_000_000) } } }],
    });
    const response = await publish(proxy, body);
    expect([response.status, await response.text()]).toEqual([400, 'Request body too large.\n']);
    const host = `127.0.0.1:${proxy.publishPort}`;
    const chunk = `${(600_000).toString(16)}\r\n${'{'.repeat(600_000)}\r\n`;
    const streamed = await rawExchange(
      proxy.publishPort,
      `POST /publish/ HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n${chunk}${chunk}`,
    );
    expect(streamed).toMatch(/^HTTP\/1\.1 400 [\s\S]*\r\n\r\nRequest body too large\.\n$/);
  });

  it('closes a WebSocket client that stops reading once its backlog passes the limit, with 1013', async () => {
    const { proxy, logs } = await setup(
      (entry, req, res) =>
        entry.events[0] === 'OPEN'
          ? answer(
              res,
              [{ type: 'OPEN' }, { type: 'TEXT', content: 'c:{"type":"subscribe","channel":"slow"}' }],
              {
                'Sec-WebSocket-Extensions': 'grip',
              },
            )
          : acceptAll(entry, req, res),
      { limits: { clientBacklogBytes: 1024 * 1024 } },
    );
    const socket = stuckClient(
      proxy.port,
      'GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    );
    await until(() => logs.some((l) => l.message === 'subscribed slow'), 'the subscription');
    const stuck = () => logs.some((l) => l.message.includes('the client is not reading'));
    await flood(proxy, 'slow', 'ws-message', stuck);
    socket.destroy();
    expect(stuck()).toBe(true);
    expect(logs.find((l) => l.message.includes('the client is not reading'))?.message).toMatch(
      /closing with 1013/,
    );
  }, 30_000);

  it('drops an HTTP stream whose client stops reading once its backlog passes the limit', async () => {
    const { proxy, logs } = await setup(
      (_entry, _req, res) => {
        res.writeHead(200, { 'Grip-Hold': 'stream', 'Grip-Channel': 'slow-stream' });
        res.end();
      },
      { limits: { clientBacklogBytes: 1024 * 1024 } },
    );
    const socket = stuckClient(proxy.port, 'GET /stream HTTP/1.1\r\nHost: x\r\n\r\n');
    await until(() => logs.some((l) => l.message.startsWith('held as a stream')), 'the hold');
    const dropped = () => logs.some((l) => l.message.includes('dropping the stream'));
    await flood(proxy, 'slow-stream', 'http-stream', dropped);
    socket.destroy();
    expect(dropped()).toBe(true);
  }, 30_000);
});
