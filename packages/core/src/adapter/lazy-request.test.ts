import { describe, expect, it, vi } from 'vitest';
import { getWebSocket } from '../ws/request.js';
import { lazyRequest } from './lazy-request.js';

const bytes = (text: string) => new TextEncoder().encode(text);

function post(body: string, extra: { signal?: () => AbortSignal } = {}) {
  const read = vi.fn(async () => bytes(body));
  const headers = vi.fn(() => new Headers({ 'content-type': 'application/json', 'x-one': '1' }));
  const request = lazyRequest({
    method: 'POST',
    url: 'https://origin.test/a?b=c',
    headers,
    body: read,
    ...extra,
  });
  return { request, read, headers };
}

describe('lazyRequest', () => {
  it('is a Request to the handler: instanceof, toString tag, method, url, headers', () => {
    const { request, read } = post('{}');
    expect(request).toBeInstanceOf(Request);
    expect(Object.prototype.toString.call(request)).toBe('[object Request]');
    expect(request.method).toBe('POST');
    expect(request.url).toBe('https://origin.test/a?b=c');
    expect(request.headers.get('x-one')).toBe('1');
    expect(request.bodyUsed).toBe(false);
    expect(read).not.toHaveBeenCalled();
  });

  it('can be re-created with new Request(request[, init]) as a handler would, keeping method, url, headers and body', async () => {
    const same = new Request(post('{"a":1}').request);
    expect([same.method, same.url, same.headers.get('x-one')]).toEqual([
      'POST',
      'https://origin.test/a?b=c',
      '1',
    ]);
    expect(await same.json()).toEqual({ a: 1 });

    const changed = new Request(post('{"b":2}').request, { headers: { 'x-two': '2' } });
    expect([changed.method, changed.headers.get('x-two'), changed.headers.get('x-one')]).toEqual([
      'POST',
      '2',
      null,
    ]);
    expect(await changed.text()).toBe('{"b":2}');
  });

  it("gives arrayBuffer() exactly the body's bytes when the body is a view into a larger buffer", async () => {
    // As Node hands out small socket reads: a Buffer whose slice() is a view, not a copy.
    const pool = Buffer.from('other request: password=SECRET; this one: abc');
    const view = pool.subarray(pool.length - 3);
    const request = lazyRequest({
      method: 'POST',
      url: 'https://origin.test/',
      headers: new Headers(),
      body: view,
    });
    const buffer = await request.arrayBuffer();
    expect(new TextDecoder().decode(buffer)).toBe('abc');
  });

  it('builds the headers once, on first use, and keeps handing out the same object', () => {
    const { request, headers } = post('{}');
    expect(headers).not.toHaveBeenCalled();
    request.headers.set('x-two', '2');
    expect(request.headers.get('x-two')).toBe('2');
    expect(headers).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['text', (r: Request) => r.text(), 'héllo'],
    ['json', (r: Request) => r.json(), { a: 1 }],
    ['arrayBuffer', async (r: Request) => new TextDecoder().decode(await r.arrayBuffer()), 'raw'],
    ['blob', async (r: Request) => (await r.blob()).type, 'application/json'],
  ] as const)('reads the body for %s() once, then refuses like a Request', async (_, read, expected) => {
    const body = typeof expected === 'string' && expected !== 'application/json' ? expected : '{"a":1}';
    const { request } = post(body);
    expect(await read(request)).toEqual(expected);
    expect(request.bodyUsed).toBe(true);
    await expect(request.text()).rejects.toThrow(TypeError);
    // The real Request, built later, agrees that the body is gone.
    expect(request.body).not.toBeNull();
    expect(request.bodyUsed).toBe(true);
  });

  it('has no body for GET and HEAD, and empty reads may repeat', async () => {
    const read = vi.fn(async () => bytes('ignored'));
    const request = lazyRequest({
      method: 'GET',
      url: 'https://origin.test/',
      headers: new Headers(),
      body: read,
    });
    expect(await request.text()).toBe('');
    expect(await request.arrayBuffer()).toEqual(new ArrayBuffer(0));
    expect(request.body).toBeNull();
    expect(read).not.toHaveBeenCalled();
  });

  it('gives a body stream, clone() and formData() through a real Request with the same body', async () => {
    const { request } = post('{"a":1}');
    const copy = request.clone();
    expect(copy).toBeInstanceOf(Request);
    expect(await copy.json()).toEqual({ a: 1 });
    const reader = request.body!.getReader();
    const chunk = await reader.read();
    expect(new TextDecoder().decode(chunk.value)).toBe('{"a":1}');
    const form = lazyRequest({
      method: 'POST',
      url: 'https://origin.test/',
      headers: new Headers({ 'content-type': 'application/x-www-form-urlencoded' }),
      body: bytes('x=1&y=2'),
    });
    expect(Object.fromEntries(await form.formData())).toEqual({ x: '1', y: '2' });
  });

  it('serves every other Request member from the real Request, built once', () => {
    const controller = new AbortController();
    const signal = vi.fn(() => controller.signal);
    const { request } = post('{}', { signal });
    expect(request.signal.aborted).toBe(false);
    controller.abort();
    expect(request.signal.aborted).toBe(true);
    expect(request.redirect).toBe('follow');
    expect(request.cache).toBe('default');
    expect(signal).toHaveBeenCalledTimes(1);
  });

  it('is read by getWebSocket through arrayBuffer(), without a stream', async () => {
    const request = lazyRequest({
      method: 'POST',
      url: 'https://origin.test/ws',
      headers: new Headers({ 'content-type': 'application/websocket-events', 'connection-id': 'c1' }),
      body: bytes('TEXT 5\r\nhello\r\n'),
    });
    const ws = await getWebSocket(request);
    expect(ws.recv()).toBe('hello');
  });
});
