import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getWebSocket } from '../ws/request.js';
import { BytesResponse } from './bytes-response.js';
import { lazyRequest } from './lazy-request.js';
import { responseBytes } from './response-bytes.js';

// What a Response shows of its status and headers, or 'refused' when it throws.
function shown(make: () => Response) {
  try {
    const response = make();
    const { status, statusText, ok, type, url, redirected } = response;
    return { status, statusText, ok, type, url, redirected, headers: [...response.headers] };
  } catch {
    return 'refused';
  }
}

const bytes = (body: BodyInit | null, init: ResponseInit) =>
  new BytesResponse(typeof body === 'string' ? body : null, init) as unknown as Response;

describe('a Response built for an adapter that takes bytes', () => {
  it('shows the same status and headers as a real Response for any init, and refuses what a Response refuses', () => {
    const nameChar = fc.constantFrom(...'aB-_z0 :é\u0000'.split(''));
    const valueChar = fc.constantFrom(...'aZ ,;\t\r\n\u0000\u0001\u00e9\u0100'.split(''));
    const headers = fc.dictionary(
      fc.string({ unit: nameChar, minLength: 1, maxLength: 5 }),
      fc.string({ unit: valueChar, maxLength: 5 }),
      { maxKeys: 4 },
    );
    const status = fc.oneof(fc.constantFrom(200, 204, 403, 599), fc.integer({ min: 0, max: 700 }));
    fc.assert(
      fc.property(
        headers,
        status,
        fc.option(fc.constantFrom('OK', 'bad\n'), { nil: undefined }),
        (h, s, t) => {
          const init: ResponseInit = { status: s, headers: h, ...(t === undefined ? {} : { statusText: t }) };
          expect(shown(() => bytes(null, init))).toEqual(shown(() => new Response(null, init)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('hands its plain header list to the adapter until something asks for headers, then the Headers', async () => {
    const request = lazyRequest({
      method: 'POST',
      url: 'https://origin.test/ws',
      headers: new Headers({ 'content-type': 'application/websocket-events', 'connection-id': 'c1' }),
      body: new TextEncoder().encode('OPEN\r\n'),
    });
    const ws = await getWebSocket(request);
    ws.accept();
    const response = ws.toResponse();
    expect(responseBytes(response)?.headers).toEqual([
      ['content-type', 'application/websocket-events'],
      ['sec-websocket-extensions', 'grip'],
    ]);
    response.headers.set('X-Extra', 'yes');
    expect(responseBytes(response)?.headers).toBeUndefined();
    expect([...response.headers]).toEqual([
      ['content-type', 'application/websocket-events'],
      ['sec-websocket-extensions', 'grip'],
      ['x-extra', 'yes'],
    ]);
    expect(response).toBeInstanceOf(Response);
    expect(Object.prototype.toString.call(response)).toBe('[object Response]');
    expect(await new Response(response.body, response).text()).toBe('OPEN\r\n');
  });
});
