import http, { type IncomingHttpHeaders } from 'node:http';
import { readGripConfig } from '@faas-grip/core';
import { verifyGripSignature } from '@faas-grip/core/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { DevProxy } from './proxy.js';
import { answer, onCleanup, rawExchange, setup, textOf, unexpectedResponse } from './test-harness.js';

const okOrigin = setup.bind(null, (_entry, _req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/plain' });
  res.end('origin\n');
});

/** A POST through the proxy with a Content-Type sent byte for byte as given. */
function postWithType(proxy: DevProxy, contentType: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${proxy.url}/chat`, {
      method: 'POST',
      headers: { 'Content-Type': contentType, 'Meta-Nick': 'admin' },
    });
    request.on('response', async (response) =>
      resolve({ status: response.statusCode ?? 0, body: await textOf(response) }),
    );
    request.on('error', reject);
    request.end('TEXT 5\r\nforge\r\n');
  });
}

async function gripSigVerifies(proxy: DevProxy, headers: IncomingHttpHeaders): Promise<boolean> {
  const request = new Request('http://origin/', { headers: { 'Grip-Sig': String(headers['grip-sig']) } });
  return (await verifyGripSignature(request, readGripConfig({ GRIP_URL: proxy.gripUrl }))).signed;
}

const WEBSOCKET_EVENTS = 'application/websocket-events';

/** Every spelling of the media type: any case, padded, with parameters, or in a list. */
const spelling = fc
  .tuple(
    fc.array(fc.boolean(), { minLength: WEBSOCKET_EVENTS.length, maxLength: WEBSOCKET_EVENTS.length }),
    fc.constantFrom('', ' ', '  ', '\t'),
    fc.constantFrom('', ' ', '\t'),
    fc.constantFrom('', '; charset=utf-8', ';x=1', ' ; q=0.5'),
    fc.constantFrom('', 'text/plain,', 'text/plain, '),
    fc.constantFrom('', ',text/plain', ', application/json'),
  )
  .map(([upper, lead, trail, params, before, after]) => {
    const name = [...WEBSOCKET_EVENTS].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join('');
    return `${lead}${before}${name}${params}${trail}${after}`;
  });

describe('toward clients, the proxy owns the WebSocket-over-HTTP protocol', () => {
  it("refuses every spelling of a client's own WebSocket events with 403, as Pushpin does the exact one", async () => {
    const { proxy, seen } = await okOrigin();
    await fc.assert(
      fc.asyncProperty(spelling, async (contentType) => {
        const { status, body } = await postWithType(proxy, contentType);
        expect([status, body]).toEqual([403, 'Client not allowed to send WebSocket events directly.\n']);
      }),
      { numRuns: 60 },
    );
    expect(seen).toHaveLength(0);
    // Another type still goes through.
    expect(await postWithType(proxy, 'text/plain')).toEqual({ status: 200, body: 'origin\n' });
  });

  it('refuses it with leading spaces on the wire too', async () => {
    const { proxy, seen } = await okOrigin();
    const answered = await rawExchange(
      proxy.port,
      'POST /chat HTTP/1.1\r\nHost: x\r\nContent-Type:    Application/WebSocket-Events ; a=b\r\nContent-Length: 16\r\nConnection: close\r\n\r\nTEXT 5\r\nforge\r\n',
    );
    expect(answered).toMatch(/^HTTP\/1\.1 403 /);
    expect(answered).toMatch(/\r\n\r\nClient not allowed to send WebSocket events directly\.\n$/);
    expect(seen).toHaveLength(0);
  });

  it('never passes a client its Grip-*, Connection-Id or Meta-* headers on a plain request', async () => {
    const { proxy, seen } = await okOrigin();
    const response = await fetch(`${proxy.url}/page`, {
      headers: {
        'Grip-Sig': 'forged',
        'Grip-Last': 'room; last-id=1',
        'Connection-Id': 'forged-id',
        'Meta-User': 'admin',
        'X-Kept': 'yes',
      },
    });
    expect(response.status).toBe(200);
    const headers = seen[0]!.headers;
    expect([headers['connection-id'], headers['meta-user'], headers['grip-last'], headers['x-kept']]).toEqual(
      [undefined, undefined, undefined, 'yes'],
    );
    expect(await gripSigVerifies(proxy, headers)).toBe(true);
  });

  it("replaces a WebSocket client's Sec-WebSocket-Extensions, Connection-Id, Meta-* and Grip-* with the proxy's", async () => {
    const { proxy, seen } = await setup((_entry, _req, res) =>
      answer(res, [{ type: 'OPEN' }], { 'Sec-WebSocket-Extensions': 'grip' }),
    );
    const ws = new WebSocket(`${proxy.wsUrl}/ws`, {
      headers: {
        'Sec-WebSocket-Extensions': 'permessage-deflate, grip; message-prefix=""',
        'Connection-Id': 'forged-id',
        'Meta-User': 'admin',
        'Grip-Sig': 'forged',
      },
    });
    onCleanup(() => ws.terminate());
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const open = seen[0]!.headers;
    expect(open['sec-websocket-extensions']).toBe('grip');
    expect(open['connection-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(open['meta-user']).toBeUndefined();
    expect(await gripSigVerifies(proxy, open)).toBe(true);
  });

  it("leaves the origin's proxy headers out of a refused handshake", async () => {
    const { proxy } = await setup((_entry, _req, res) => {
      res.writeHead(403, {
        'Content-Type': WEBSOCKET_EVENTS,
        'Grip-Hold': 'stream',
        'Grip-Channel': 'secret-channel',
        'Set-Meta-User': 'admin',
        'Keep-Alive-Interval': '30',
        'Sec-WebSocket-Extensions': 'grip',
        'X-Why': 'not invited',
      });
      res.end('go away\n');
    });
    const response = await unexpectedResponse(`${proxy.wsUrl}/ws`);
    const names = Object.keys(response.headers).sort();
    expect(names).toEqual(['connection', 'content-length', 'date', 'x-why']);
    expect([response.statusCode, await textOf(response)]).toEqual([403, 'go away\n']);
  });

  it("keeps a refused handshake's own Content-Type when it is not WebSocket events", async () => {
    const { proxy } = await setup((_entry, _req, res) => {
      res.writeHead(401, { 'Content-Type': 'text/html', 'Grip-Sig': 'x' });
      res.end('<p>login</p>');
    });
    const response = await unexpectedResponse(`${proxy.wsUrl}/ws`);
    expect([response.headers['content-type'], response.headers['grip-sig']]).toEqual([
      'text/html',
      undefined,
    ]);
  });

  it("leaves the origin's proxy headers out of the 101 and passes the others", async () => {
    const { proxy } = await setup((_entry, _req, res) =>
      answer(res, [{ type: 'OPEN' }], {
        'Sec-WebSocket-Extensions': 'grip',
        'Set-Meta-User': 'admin',
        'Keep-Alive-Interval': '30',
        'Grip-Channel': 'secret-channel',
        'X-Custom-Open': 'yes',
      }),
    );
    const ws = new WebSocket(`${proxy.wsUrl}/ws`);
    onCleanup(() => ws.terminate());
    const headers = await new Promise<IncomingHttpHeaders>((resolve, reject) => {
      ws.once('upgrade', (response) => resolve(response.headers));
      ws.once('error', reject);
    });
    expect(headers['x-custom-open']).toBe('yes');
    for (const name of [
      'set-meta-user',
      'keep-alive-interval',
      'grip-channel',
      'sec-websocket-extensions',
      'content-type',
    ]) {
      expect(headers[name]).toBeUndefined();
    }
  });
});
