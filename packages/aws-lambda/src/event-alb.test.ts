import { decodeWebSocketEvents } from '@faas-grip/core/protocol';
import { describe, expect, it } from 'vitest';
import {
  albMultiGet,
  albMultiWebSocketBinary,
  albSingleGet,
  albSingleWebSocketBinary,
} from './fixtures/alb.js';
import { BINARY_PAYLOAD } from './fixtures/bytes.js';
import { echo, type Inspection, inspect, repeatedHeaders } from './fixtures/handlers.js';
import { handle } from './handle.js';

const env = {};

describe('ALB events', () => {
  it('single-value mode: query values arrive still encoded and are read as the client sent them', async () => {
    const result = await handle(inspect, { env })(albSingleGet);
    expect(result.statusDescription).toBe('200 OK');
    expect(result.multiValueHeaders).toBeUndefined();
    const seen = JSON.parse(result.body ?? '') as Inspection;
    const url = new URL(seen.url);
    expect(url.origin).toBe('https://grip-origin-1234567890.eu-west-1.elb.amazonaws.com');
    expect(url.search).toBe('?tag=b&q=hello%20world');
    expect(url.searchParams.get('q')).toBe('hello world');
    expect(new Headers(seen.headers).get('cookie')).toBe('session=s3cr3t; theme=dark');
  });

  it('multi-value mode: every header and query value reaches the Request', async () => {
    const seen = JSON.parse((await handle(inspect, { env })(albMultiGet)).body ?? '') as Inspection;
    const url = new URL(seen.url);
    expect(url.searchParams.getAll('tag')).toEqual(['a', 'b']);
    expect(new Headers(seen.headers).get('x-multi')).toBe('one, two');
  });

  it('multi-value mode answers in multiValueHeaders with every Set-Cookie', async () => {
    const result = await handle(repeatedHeaders, { env })(albMultiGet);
    expect(result.headers).toBeUndefined();
    expect(result.multiValueHeaders?.['grip-channel']).toEqual(['room-a, room-b']);
    expect(result.multiValueHeaders?.['set-cookie']).toEqual([
      'a=1; Expires=Wed, 21 Oct 2037 07:28:00 GMT; Path=/',
      'b=2; HttpOnly',
    ]);
  });

  it('single-value mode sends several cookies under distinct capitalisations of Set-Cookie', async () => {
    const result = await handle(repeatedHeaders, { env })(albSingleGet);
    const headers = result.headers ?? {};
    const cookieNames = Object.keys(headers).filter((name) => name.toLowerCase() === 'set-cookie');
    expect(new Set(cookieNames).size).toBe(2);
    expect(cookieNames.map((name) => headers[name])).toEqual([
      'a=1; Expires=Wed, 21 Oct 2037 07:28:00 GMT; Path=/',
      'b=2; HttpOnly',
    ]);
    expect(headers['grip-channel']).toBe('room-a, room-b');
  });

  it('multi-value mode passes binary WebSocket-over-HTTP bytes through intact', async () => {
    const result = await handle(echo, { env })(albMultiWebSocketBinary);
    expect(result.isBase64Encoded).toBe(true);
    const events = decodeWebSocketEvents(Buffer.from(result.body ?? '', 'base64'));
    expect([...events[1]!.content!]).toEqual([...Buffer.from('m:'), ...BINARY_PAYLOAD]);
  });

  it('single-value mode refuses WebSocket-over-HTTP with 400 naming the setting, before the handler runs', async () => {
    // A client's `Content-Type: text/plain` then the events type passes Pushpin,
    // which checks the first; in this mode ALB hands over only the last.
    const ran: Request[] = [];
    const spy: typeof echo = async (request, ctx) => {
      ran.push(request);
      return echo(request, ctx);
    };
    for (const type of ['application/websocket-events', 'Application/WebSocket-Events']) {
      const event = {
        ...albSingleWebSocketBinary,
        headers: { ...albSingleWebSocketBinary.headers, 'content-type': type },
      };
      const result = await handle(spy, { env })(event);
      expect(result.statusCode).toBe(400);
      expect(result.body).toContain('lambda.multi_value_headers.enabled=true');
    }
    expect(ran).toEqual([]);
  });

  it('multi-value mode: a client-added second Content-Type makes the request plain HTTP, not WebSocket events', async () => {
    const headers = {
      ...albMultiWebSocketBinary.multiValueHeaders,
      'content-type': ['text/plain', 'application/websocket-events'],
    };
    const result = await handle(echo, { env })({ ...albMultiWebSocketBinary, multiValueHeaders: headers });
    expect(result.statusCode).toBe(400);
    const body = result.isBase64Encoded
      ? Buffer.from(result.body ?? '', 'base64').toString()
      : (result.body ?? '');
    expect(body).toContain('Not a WebSocket-over-HTTP request');
  });
});
