import { describe, expect, it } from 'vitest';
import { handleRequest } from '../handle-request.js';
import { holdStream } from '../http/hold.js';
import { errorResponse } from '../response.js';
import { getWebSocket } from '../ws/request.js';
import { lazyRequest } from './lazy-request.js';
import { responseBytes } from './response-bytes.js';

const wsHeaders = () =>
  new Headers({ 'content-type': 'application/websocket-events', 'connection-id': 'c1' });
const body = new TextEncoder().encode('TEXT 5\r\nhello\r\n');
const text = (bytes: string | Uint8Array | null | undefined) =>
  typeof bytes === 'string' ? bytes : new TextDecoder().decode(bytes ?? new Uint8Array(0));

function webRequest(): Request {
  return new Request('https://origin.test/ws', { method: 'POST', headers: wsHeaders(), body });
}

function lazy(): Request {
  return lazyRequest({ method: 'POST', url: 'https://origin.test/ws', headers: wsHeaders(), body });
}

async function echo(request: Request): Promise<Response> {
  const ws = await getWebSocket(request);
  ws.send(`echo ${ws.recv()}`);
  return ws.toResponse();
}

describe.each([
  ['a Web Request', webRequest],
  ['a lazy Request', lazy],
])('responseBytes of what core builds for %s', (_, make) => {
  it('gives the encoded events of ws.toResponse(), and the Response reads the same bytes', async () => {
    const response = await echo(make());
    const known = responseBytes(response);
    expect(text(known?.body)).toBe('TEXT c\r\nm:echo hello\r\n');
    expect(response.headers.get('content-type')).toBe('application/websocket-events');
    expect(await response.text()).toBe('TEXT c\r\nm:echo hello\r\n');
  });

  it('gives nothing once the body was read or is being read, so no bytes go out twice', async () => {
    const read = await echo(make());
    await read.arrayBuffer();
    expect(responseBytes(read)).toBeUndefined();
    const streamed = await echo(make());
    streamed.body!.getReader();
    expect(responseBytes(streamed)).toBeUndefined();
  });

  it('gives nothing for a Response the handler re-wrapped, which is read from its stream', async () => {
    const original = await echo(make());
    const wrapped = new Response(original.body, original);
    expect(responseBytes(wrapped)).toBeUndefined();
    expect(await wrapped.text()).toBe('TEXT c\r\nm:echo hello\r\n');
  });

  it('leaves headers to the Response: a header the handler sets afterwards is there', async () => {
    const response = await echo(make());
    response.headers.set('x-extra', 'yes');
    expect(responseBytes(response)).toBeDefined();
    expect(response.headers.get('x-extra')).toBe('yes');
  });

  it('gives the 403 text for an unsigned request when a key is configured', async () => {
    const env = { GRIP_URL: 'http://localhost:5561?iss=pushpin&key=changeme' };
    const response = await handleRequest(echo, make(), { env, waitUntil: () => {} });
    expect(response.status).toBe(403);
    expect(responseBytes(response)?.body).toMatch(/^Forbidden: no Grip-Sig header/);
  });
});

describe('responseBytes', () => {
  it('gives the text of holds and error answers, and nothing for Responses core did not build', async () => {
    expect(responseBytes(holdStream('room', { body: 'welcome\n' }))?.body).toBe('welcome\n');
    expect(responseBytes(holdStream('room'))?.body).toBeNull();
    expect(responseBytes(holdStream('room', { body: new Uint8Array([1]) }))).toBeUndefined();
    expect(responseBytes(errorResponse(new Error('x')))?.body).toBe('Internal Server Error\n');
    expect(responseBytes(new Response('mine'))).toBeUndefined();
  });

  it('serves every body member of a Response built for an adapter that takes bytes', async () => {
    const make = () => echo(lazy());
    const expected = 'TEXT c\r\nm:echo hello\r\n';
    const response = await make();
    expect(response).toBeInstanceOf(Response);
    expect(response.bodyUsed).toBe(false);
    const copy = response.clone();
    expect(await response.text()).toBe(expected);
    expect(response.bodyUsed).toBe(true);
    await expect(response.arrayBuffer()).rejects.toThrow(TypeError);
    expect(() => response.clone()).toThrow(TypeError);
    expect(await new Response(copy.body).text()).toBe(expected);
    expect(await (await make()).blob()).toMatchObject({ type: 'application/websocket-events' });
    expect(new TextDecoder().decode(await (await make()).bytes())).toBe(expected);
    const streamed = await make();
    const chunks = await new Response(streamed.body).text();
    expect(chunks).toBe(expected);
    expect(streamed.bodyUsed).toBe(true);
    expect(responseBytes(streamed)).toBeUndefined();
  });
});
