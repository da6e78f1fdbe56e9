import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { handleRequest } from '../handle-request.js';
import type { GripHandler } from '../handler.js';
import { getWebSocket } from '../ws/request.js';
import { lazyRequest } from './lazy-request.js';
import { requestHeader, requestHeaderEntries } from './request-headers.js';
import { responseBytes } from './response-bytes.js';

const body = new TextEncoder().encode('TEXT 5\r\nhello\r\n');
const wsPlain = () =>
  new Map([
    ['content-type', 'application/websocket-events'],
    ['connection-id', 'c1'],
    ['meta-user', 'ann'],
    ['meta-room', 'r1'],
  ]);

function plainRequest(plain: Map<string, string>) {
  const build = vi.fn(() => {
    const headers = new Headers();
    for (const [name, value] of plain) headers.append(name, value);
    return headers;
  });
  const request = lazyRequest({
    method: 'POST',
    url: 'https://origin.test/ws',
    headers: build,
    plainHeaders: plain,
    body,
  });
  return { request, build };
}

const echo: GripHandler = async (request) => {
  const ws = await getWebSocket(request);
  ws.send(`${ws.meta.user}@${ws.meta.room ?? '-'}: ${ws.recv()}`);
  return ws.toResponse();
};

const run = (request: Request, handler: GripHandler = echo, env: Record<string, string> = {}) =>
  handleRequest(handler, request, { env, waitUntil: () => {} });

describe('a lazy Request with plain headers', () => {
  it('answers a WebSocket-over-HTTP echo, meta included, without ever building its Headers', async () => {
    const { request, build } = plainRequest(wsPlain());
    const response = await run(request);
    expect(response.status).toBe(200);
    expect(responseBytes(response)?.body).toBeDefined();
    expect(await response.text()).toBe('TEXT f\r\nm:ann@r1: hello\r\n');
    expect(build).not.toHaveBeenCalled();
    expect(request.bodyUsed).toBe(true);
  });

  it('is refused with 403 when a key is configured and it has no Grip-Sig, still without Headers', async () => {
    const { request, build } = plainRequest(wsPlain());
    const response = await run(request, echo, { GRIP_URL: 'http://localhost:5561?iss=pushpin&key=changeme' });
    expect(response.status).toBe(403);
    expect(build).not.toHaveBeenCalled();
  });

  it('follows the Headers once the handler has built them: what the handler changed is what core reads', async () => {
    const { request, build } = plainRequest(wsPlain());
    const rename: GripHandler = async (req, ctx) => {
      req.headers.set('meta-user', 'bob');
      req.headers.delete('meta-room');
      return echo(req, ctx);
    };
    const response = await run(request, rename);
    expect(build).toHaveBeenCalledTimes(1);
    expect(await response.text()).toBe('TEXT e\r\nm:bob@-: hello\r\n');
  });

  it('gives core the same reads as Headers would: any header, and the entries in Headers order', () => {
    const name = fc.stringMatching(/^[a-z0-9!#$%&'*+.^_`|~-]{1,8}$/);
    const value = fc.stringMatching(/^[!-~]([ -~]{0,6}[!-~])?$/);
    fc.assert(
      fc.property(fc.dictionary(name, value, { maxKeys: 8 }), name, (fields, asked) => {
        const plain = new Map(Object.entries(fields));
        const { request } = plainRequest(plain);
        const headers = new Headers(fields);
        expect(requestHeader(request, asked)).toBe(headers.get(asked));
        const keep = (field: string) => field.charCodeAt(0) % 2 === 0;
        expect(requestHeaderEntries(request, keep)).toEqual([...headers].filter(([field]) => keep(field)));
      }),
    );
  });
});
