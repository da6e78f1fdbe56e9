import type { IncomingMessage } from 'node:http';
import { readGripConfig } from '@faas-grip/core';
import { verifyGripSignature } from '@faas-grip/core/protocol';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { answer, connect, onCleanup, publish, rawExchange, setup, until } from './test-harness.js';

describe('embedded proxy, WebSocket-over-HTTP', () => {
  it('sends OPEN with Pushpin headers and a Grip-Sig the origin can verify', async () => {
    const { proxy, seen } = await setup((_seen, _req, res) =>
      answer(res, [{ type: 'OPEN' }], { 'Sec-WebSocket-Extensions': 'grip' }),
    );
    await connect(`${proxy.wsUrl}/ws?x=1`);
    const open = seen[0]!;
    expect(open.events).toEqual(['OPEN']);
    expect(open.headers).toMatchObject({
      accept: 'application/websocket-events',
      'sec-websocket-extensions': 'grip',
      'content-type': 'application/websocket-events',
    });
    expect(open.headers['connection-id']).toMatch(/^[0-9a-f-]{36}$/);
    const request = new Request('http://origin/', {
      headers: { 'Grip-Sig': String(open.headers['grip-sig']) },
    });
    const signature = await verifyGripSignature(request, readGripConfig({ GRIP_URL: proxy.gripUrl }));
    expect(signature.signed).toBe(true);
  });

  it('batches client messages that queue while a request is in flight', async () => {
    let release: (() => void) | undefined;
    const { proxy, seen } = await setup((entry, _req, res) => {
      if (entry.events[0] === 'OPEN')
        return answer(res, [{ type: 'OPEN' }], { 'Sec-WebSocket-Extensions': 'grip' });
      if (entry.events[0] === 'TEXT first') {
        // Hold the first message's request so the next ones pile up.
        release = () => answer(res, []);
        return;
      }
      answer(res, []);
    });
    const { ws } = await connect(`${proxy.wsUrl}/ws`);
    ws.send('first');
    await until(() => release !== undefined, 'the first request');
    ws.send('second');
    ws.send('third');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen).toHaveLength(2);
    release!();
    await until(() => seen.length === 3, 'the batched request');
    expect(seen[2]!.events).toEqual(['TEXT second', 'TEXT third']);
    expect(seen[2]!.headers['connection-id']).toBe(seen[0]!.headers['connection-id']);
  });

  it('carries meta, m: messages and c: subscriptions, and drops unprefixed messages with a warning', async () => {
    const { proxy, seen, logs } = await setup((entry, _req, res) => {
      if (entry.events[0] === 'OPEN') {
        return answer(
          res,
          [{ type: 'OPEN' }, { type: 'TEXT', content: 'c:{"type":"subscribe","channel":"room"}' }],
          { 'Sec-WebSocket-Extensions': 'grip', 'Set-Meta-User': 'alice' },
        );
      }
      answer(res, [
        { type: 'TEXT', content: 'no prefix' },
        { type: 'TEXT', content: `m:meta=${entry.headers['meta-user']}` },
      ]);
    });
    const { ws, messages } = await connect(`${proxy.wsUrl}/ws`);
    ws.send('hi');
    await until(() => messages.length === 1, 'the echo');
    expect(messages).toEqual(['meta=alice']);
    expect(logs.some((l) => l.level === 'warn' && l.message.includes('without the "m:" prefix'))).toBe(true);
    const published = await publish(
      proxy,
      { items: [{ channel: 'room', formats: { 'ws-message': { content: 'news' } } }] },
      { Accept: 'application/json' },
    );
    expect(await published.json()).toEqual({ message: 'Published' });
    await until(() => messages.length === 2, 'the publish');
    expect(messages[1]).toBe('news');
    expect(seen).toHaveLength(2);
  });

  it('passes a non-200 answer to OPEN to the client as the HTTP response', async () => {
    const { proxy } = await setup((_entry, _req, res) => {
      res.writeHead(401, { 'Content-Type': 'text/plain', 'X-Why': 'token' });
      res.end('no entry\n');
    });
    const ws = new WebSocket(`${proxy.wsUrl}/ws`);
    onCleanup(() => ws.terminate());
    const response = await new Promise<IncomingMessage>((resolve) =>
      ws.once('unexpected-response', (_r, res) => resolve(res)),
    );
    ws.on('error', () => undefined);
    const body = await new Promise<string>((resolve) => {
      let text = '';
      response.on('data', (c: Buffer) => (text += c));
      response.on('end', () => resolve(text));
    });
    expect([response.statusCode, response.headers['x-why'], body]).toEqual([401, 'token', 'no entry\n']);
  });

  it('refuses the handshake when the content type has a charset, as Pushpin does', async () => {
    const { proxy, logs } = await setup((_entry, _req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/websocket-events; charset=utf-8' });
      res.end('OPEN\r\n');
    });
    const ws = new WebSocket(`${proxy.wsUrl}/ws`);
    onCleanup(() => ws.terminate());
    ws.on('error', () => undefined);
    const status = await new Promise<number | undefined>((resolve) =>
      ws.once('unexpected-response', (_r, res) => resolve(res.statusCode)),
    );
    expect(status).toBe(200);
    expect(logs.some((l) => l.message.includes('not exactly application/websocket-events'))).toBe(true);
  });

  it('forwards client close codes and origin close codes', async () => {
    const { proxy, seen } = await setup((entry, _req, res) => {
      if (entry.events[0] === 'OPEN')
        return answer(res, [{ type: 'OPEN' }], { 'Sec-WebSocket-Extensions': 'grip' });
      if (entry.events[0] === 'TEXT bye') {
        return answer(res, [{ type: 'CLOSE', content: new Uint8Array([0x0f, 0xa1, ...Buffer.from('bye')]) }]);
      }
      answer(res, []);
    });
    const { ws } = await connect(`${proxy.wsUrl}/ws`);
    const closed = new Promise<[number, string]>((resolve) =>
      ws.once('close', (code, reason) => resolve([code, String(reason)])),
    );
    ws.send('bye');
    expect(await closed).toEqual([4001, 'bye']);
    await until(() => seen.some((s) => s.events[0]?.startsWith('CLOSE')), 'the client close reply');
  });

  it('tells the origin DISCONNECT when the client drops, and gives the client a pong only when the origin sends one', async () => {
    const { proxy, seen } = await setup((entry, _req, res) => {
      if (entry.events[0] === 'OPEN')
        return answer(res, [{ type: 'OPEN' }], { 'Sec-WebSocket-Extensions': 'grip' });
      if (entry.events[0]?.startsWith('PING')) return answer(res, [{ type: 'PONG', content: 'from-origin' }]);
      answer(res, []);
    });
    const { ws } = await connect(`${proxy.wsUrl}/ws`);
    const pong = new Promise<string>((resolve) => ws.once('pong', (data) => resolve(String(data))));
    ws.ping('cping');
    expect(await pong).toBe('from-origin');
    ws.terminate();
    await until(() => seen.some((s) => s.events[0] === 'DISCONNECT'), 'DISCONNECT');
  });
});

describe('embedded proxy, handshakes that do not complete', () => {
  it('answers 400 to an upgrade with an invalid key without bothering the origin', async () => {
    const { proxy, seen } = await setup((_entry, _req, res) => answer(res, [{ type: 'OPEN' }]));
    const answered = await rawExchange(
      proxy.port,
      'GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: short\r\nSec-WebSocket-Version: 13\r\n\r\n',
    );
    expect(answered).toMatch(/^HTTP\/1\.1 400 [\s\S]*Missing or invalid Sec-WebSocket-Key/);
    expect(seen).toHaveLength(0);
  });

  it('tells the origin DISCONNECT when the client leaves while the origin decides on OPEN', async () => {
    let accept: (() => void) | undefined;
    const { proxy, seen } = await setup((entry, _req, res) => {
      if (entry.events[0] === 'OPEN') {
        accept = () => answer(res, [{ type: 'OPEN' }], { 'Sec-WebSocket-Extensions': 'grip' });
        return;
      }
      answer(res, []);
    });
    const ws = new WebSocket(`${proxy.wsUrl}/ws`);
    ws.on('error', () => undefined);
    await until(() => accept !== undefined, 'the OPEN at the origin');
    ws.terminate();
    await new Promise((resolve) => setTimeout(resolve, 20));
    accept!();
    await until(() => seen.some((s) => s.events[0] === 'DISCONNECT'), 'DISCONNECT');
    expect(seen[1]!.headers['connection-id']).toBe(seen[0]!.headers['connection-id']);
  });
});

describe('embedded proxy, HTTP holds', () => {
  it('holds a stream and appends published content, then closes it', async () => {
    const { proxy } = await setup((_entry, _req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain', 'Grip-Hold': 'stream', 'Grip-Channel': 's1' });
      res.end('welcome\n');
    });
    const response = await fetch(`${proxy.url}/stream`);
    expect(response.headers.get('grip-hold')).toBeNull();
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    expect(decoder.decode((await reader.read()).value)).toBe('welcome\n');
    const publishFormats = (formats: unknown) => publish(proxy, { items: [{ channel: 's1', formats }] });
    await publishFormats({ 'http-stream': { content: 'event one\n' } });
    expect(decoder.decode((await reader.read()).value)).toBe('event one\n');
    await publishFormats({ 'http-stream': { action: 'close' } });
    expect((await reader.read()).done).toBe(true);
  });

  it('answers a long-poll with the published response', async () => {
    const { proxy } = await setup((_entry, _req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain', 'Grip-Hold': 'response', 'Grip-Channel': 'p1' });
      res.end('timeout\n');
    });
    const pending = fetch(`${proxy.url}/poll`);
    // The hold is in place only once the proxy read the origin's answer: publish until the poll completes.
    let done = false;
    void pending.finally(() => {
      done = true;
    });
    const deadline = Date.now() + 3000;
    while (!done) {
      if (Date.now() > deadline) throw new Error('the long-poll was not answered by a publish within 3 s');
      await publish(proxy, {
        items: [
          {
            channel: 'p1',
            formats: { 'http-response': { code: 201, headers: { 'X-Pub': '1' }, body: 'hello' } },
          },
        ],
      });
      await Promise.race([pending, new Promise((resolve) => setTimeout(resolve, 50))]);
    }
    const response = await pending;
    expect([response.status, response.headers.get('x-pub'), await response.text()]).toEqual([
      201,
      '1',
      'hello',
    ]);
  });

  it('asks the origin again with Grip-Last when a long-poll announces a stale prev-id', async () => {
    const { proxy, seen } = await setup((entry, _req, res) => {
      if (entry.headers['grip-last'] === undefined) {
        res.writeHead(200, { 'Grip-Hold': 'response', 'Grip-Channel': 'lp; prev-id=a' });
        res.end('nothing yet\n');
      } else {
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        res.end(`missed everything after ${entry.headers['grip-last']}\n`);
      }
    });
    await publish(proxy, {
      items: [{ channel: 'lp', id: 'b', formats: { 'http-response': { body: 'b' } } }],
    });
    const response = await fetch(`${proxy.url}/poll`);
    expect(await response.text()).toBe('missed everything after lp; last-id=a\n');
    expect(seen).toHaveLength(2);
  });

  it('answers 502 with the reason when the origin gives instructions it cannot follow', async () => {
    const { proxy } = await setup((_entry, _req, res) => {
      res.writeHead(200, { 'Grip-Hold': 'stream' });
      res.end();
    });
    const response = await fetch(`${proxy.url}/`);
    expect([response.status, response.statusText]).toEqual([502, 'Bad Gateway']);
    expect(await response.text()).toMatch(/Grip-Hold needs a Grip-Channel/);
  });

  it('answers publish API errors like Pushpin', async () => {
    const { proxy } = await setup((_entry, _req, res) => res.end());
    const bad = await publish(proxy, '{}');
    expect([bad.status, await bad.text()]).toEqual([
      400,
      "Invalid format: object does not contain 'items'\n",
    ]);
    const get = await fetch(proxy.publishUrl);
    expect([get.status, await get.text()]).toEqual([405, 'Method not allowed: GET.\n']);
    const ok = await publish(proxy, '{"items":[]}');
    expect([ok.status, await ok.text()]).toEqual([200, 'Published\n']);
  });
});
