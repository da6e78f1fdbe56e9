import { decodeWebSocketEvents } from '@faas-grip/core/protocol';
import { describe, expect, it } from 'vitest';
import { BINARY_PAYLOAD } from './fixtures/bytes.js';
import { functionUrlGet, functionUrlWebSocketBinary } from './fixtures/function-url.js';
import { echo, type Inspection, inspect, repeatedHeaders } from './fixtures/handlers.js';
import { httpApiNamedStage, httpApiStageRoot, httpApiWebSocketBinary } from './fixtures/http-api.js';
import { handle } from './handle.js';

const env = {};

async function seen(event: Parameters<ReturnType<typeof handle>>[0]): Promise<Inspection> {
  const result = await handle(inspect, { env })(event);
  return JSON.parse(result.body ?? '') as Inspection;
}

describe('HTTP API events (payload 2.0)', () => {
  it('removes a named stage from rawPath and keeps the raw query, cookies and joined headers', async () => {
    const request = await seen(httpApiNamedStage);
    const url = new URL(request.url);
    expect(url.pathname).toBe('/items/42');
    expect(url.search).toBe('?tag=a&tag=b&q=hello%20world');
    expect(url.searchParams.getAll('tag')).toEqual(['a', 'b']);
    const headers = new Headers(request.headers);
    expect(headers.get('cookie')).toBe('session=s3cr3t; theme=dark');
    expect(headers.get('x-multi')).toBe('one,two');
  });

  it('maps the stage root to /', async () => {
    expect(new URL((await seen(httpApiStageRoot)).url).pathname).toBe('/');
  });

  it('leaves a path that only starts with the stage name alone', async () => {
    const event = { ...httpApiNamedStage, rawPath: '/production/items' };
    expect(new URL((await seen(event)).url).pathname).toBe('/production/items');
  });

  it('passes binary WebSocket-over-HTTP bytes through intact, as base64', async () => {
    const result = await handle(echo, { env })(httpApiWebSocketBinary);
    expect(result.isBase64Encoded).toBe(true);
    expect(result.headers?.['content-type']).toBe('application/websocket-events');
    const events = decodeWebSocketEvents(Buffer.from(result.body ?? '', 'base64'));
    expect([...events[1]!.content!]).toEqual([...Buffer.from('m:'), ...BINARY_PAYLOAD]);
  });

  it('comma-joins repeated headers and puts each Set-Cookie in cookies', async () => {
    const result = await handle(repeatedHeaders, { env })(httpApiNamedStage);
    expect(result.headers?.['grip-channel']).toBe('room-a, room-b');
    expect(result.headers).not.toHaveProperty('set-cookie');
    expect(result.cookies).toEqual(['a=1; Expires=Wed, 21 Oct 2037 07:28:00 GMT; Path=/', 'b=2; HttpOnly']);
  });
});

describe('function URL events', () => {
  it('keeps the path as it is (no stage) and the cookies', async () => {
    const request = await seen(functionUrlGet);
    const url = new URL(request.url);
    expect(url.host).toBe('q2w3e4r5t6y7u8i9o0p1a2s3d4f5g6h7.lambda-url.eu-west-1.on.aws');
    expect(url.pathname).toBe('/items/42');
    expect(new Headers(request.headers).get('cookie')).toBe('session=s3cr3t; theme=dark');
  });

  it('passes binary WebSocket-over-HTTP bytes through intact', async () => {
    const result = await handle(echo, { env })(functionUrlWebSocketBinary);
    const events = decodeWebSocketEvents(Buffer.from(result.body ?? '', 'base64'));
    expect([...events[1]!.content!]).toEqual([...Buffer.from('m:'), ...BINARY_PAYLOAD]);
  });
});
