import { decodeWebSocketEvents } from '@faas-grip/core/protocol';
import { describe, expect, it, vi } from 'vitest';
import { BINARY_PAYLOAD } from './fixtures/bytes.js';
import { echo, type Inspection, inspect, repeatedHeaders } from './fixtures/handlers.js';
import { restGet, restWebSocketBinary, restWebSocketTextMode } from './fixtures/rest.js';
import { handle } from './handle.js';

const env = {};

describe('REST API events (payload 1.0)', () => {
  it('gives the handler the path without the stage, every query value and every header value', async () => {
    const result = await handle(inspect, { env })(restGet);
    expect(result.statusCode).toBe(200);
    const seen = JSON.parse(result.body) as Inspection;
    const url = new URL(seen.url);
    expect(seen.method).toBe('GET');
    expect(url.origin).toBe('https://k3v9x1abcd.execute-api.eu-west-1.amazonaws.com');
    expect(url.pathname).toBe('/items/42');
    expect(url.searchParams.getAll('tag')).toEqual(['a', 'b']);
    expect(url.searchParams.get('q')).toBe('hello world');
    const headers = new Headers(seen.headers);
    expect(headers.get('x-multi')).toBe('one, two');
    expect(headers.get('cookie')).toBe('session=s3cr3t; theme=dark');
  });

  it('falls back to single-value headers and query when the multi-value maps are empty', async () => {
    const event = { ...restGet, multiValueHeaders: {}, multiValueQueryStringParameters: null };
    const seen = JSON.parse((await handle(inspect, { env })(event)).body) as Inspection;
    expect(new URL(seen.url).searchParams.getAll('tag')).toEqual(['b']);
    expect(new Headers(seen.headers).get('x-multi')).toBe('two');
  });

  it('passes binary WebSocket-over-HTTP bytes through intact, both ways, as base64', async () => {
    const result = await handle(echo, { env })(restWebSocketBinary);
    expect(result.statusCode).toBe(200);
    expect(result.isBase64Encoded).toBe(true);
    expect(result.headers?.['content-type']).toBe('application/websocket-events');
    const events = decodeWebSocketEvents(Buffer.from(result.body, 'base64'));
    expect(events.map((e) => e.type)).toEqual(['TEXT', 'BINARY']);
    expect(Buffer.from(events[0]!.content!).toString()).toBe('m:hello');
    expect([...events[1]!.content!]).toEqual([...Buffer.from('m:'), ...BINARY_PAYLOAD]);
  });

  it('refuses a WebSocket-over-HTTP body that arrived as text with a 400 naming binaryMediaTypes', async () => {
    const handler = vi.fn(echo);
    const result = await handle(handler, { env })(restWebSocketTextMode);
    expect(handler).not.toHaveBeenCalled();
    expect(result.statusCode).toBe(400);
    expect(result.isBase64Encoded).toBe(false);
    expect(result.body).toContain('add application/websocket-events to the REST API');
    expect(result.body).toContain('binaryMediaTypes');
  });

  it('lets an empty keep-alive POST through even without binaryMediaTypes', async () => {
    const event = { ...restWebSocketTextMode, body: null };
    const result = await handle(echo, { env })(event);
    expect(result.statusCode).toBe(200);
    expect(result.isBase64Encoded).toBe(true);
  });

  it('keeps two Grip-Channel values and each Set-Cookie in the result', async () => {
    const result = await handle(repeatedHeaders, { env })(restGet);
    expect(result.headers?.['grip-channel']).toBe('room-a, room-b');
    expect(result.multiValueHeaders?.['set-cookie']).toEqual([
      'a=1; Expires=Wed, 21 Oct 2037 07:28:00 GMT; Path=/',
      'b=2; HttpOnly',
    ]);
    expect(result.headers).not.toHaveProperty('set-cookie');
    expect(result.body).toBe('held\n');
    expect(result.isBase64Encoded).toBe(false);
  });
});
