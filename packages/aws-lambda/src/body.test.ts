import { describe, expect, it } from 'vitest';
import { eventBodyBytes, resultBody } from './body.js';
import { BINARY_PAYLOAD } from './fixtures/bytes.js';

describe('resultBody', () => {
  it('sends text types as strings', () => {
    const body = resultBody(Buffer.from('{"a":"é"}'), new Headers({ 'content-type': 'application/json' }));
    expect(body).toEqual({ body: '{"a":"é"}', isBase64Encoded: false });
  });

  it('base64-encodes WebSocket-over-HTTP bodies, even empty ones', () => {
    const headers = new Headers({ 'content-type': 'application/websocket-events' });
    expect(resultBody(new Uint8Array(), headers)).toEqual({ body: '', isBase64Encoded: true });
    expect(resultBody(Buffer.from('OPEN\r\n'), headers)).toEqual({ body: 'T1BFTg0K', isBase64Encoded: true });
  });

  it.each([
    ['an image', { 'content-type': 'image/png' }, Buffer.from('png')],
    ['no type at all', {}, Buffer.from('raw')],
    ['compressed text', { 'content-type': 'text/plain', 'content-encoding': 'gzip' }, Buffer.from('gz')],
    ['text that is not UTF-8', { 'content-type': 'text/plain' }, BINARY_PAYLOAD],
  ])('base64-encodes %s', (_what, init, bytes) => {
    const body = resultBody(bytes, new Headers(init));
    expect(body.isBase64Encoded).toBe(true);
    expect([...Buffer.from(body.body, 'base64')]).toEqual([...bytes]);
  });
});

describe('eventBodyBytes', () => {
  it('reads base64 and text bodies, and treats a missing or empty body as none', () => {
    expect([...eventBodyBytes(Buffer.from(BINARY_PAYLOAD).toString('base64'), true)!]).toEqual([
      ...BINARY_PAYLOAD,
    ]);
    expect(Buffer.from(eventBodyBytes('héllo', false)!).toString()).toBe('héllo');
    expect(eventBodyBytes(null, false)).toBeNull();
    expect(eventBodyBytes(undefined, true)).toBeNull();
    expect(eventBodyBytes('', true)).toBeNull();
  });

  it('checks a base64 body of several MB in linear time and bounded stack', () => {
    const bytes = new Uint8Array(7 * 1024 * 1024).fill(0xa5);
    const started = performance.now();
    expect(eventBodyBytes(Buffer.from(bytes).toString('base64'), true)?.length).toBe(bytes.length);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it.each(['QQ==', 'QUI=', 'QUJD', 'QQ', 'QUI'])('takes %j as base64', (body) => {
    expect(eventBodyBytes(body, true)).not.toBeNull();
  });

  it.each(['==', 'Q==', 'QQ=', 'Q', 'QQ==QQ==', 'QU I=', 'QUI*', 'QUJD\n'])(
    'refuses %j as base64 with a 400',
    (body) => {
      expect(() => eventBodyBytes(body, true)).toThrow(expect.objectContaining({ status: 400 }));
    },
  );
});
