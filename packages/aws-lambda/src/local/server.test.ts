import { connect } from 'node:net';
import type { GripHandler } from '@faas-grip/core';
import { decodeWebSocketEvents } from '@faas-grip/core/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { albMultiGet, albSingleGet } from '../fixtures/alb.js';
import { BINARY_PAYLOAD, CONNECTION_ID, WEBSOCKET_EVENTS_BODY } from '../fixtures/bytes.js';
import { functionUrlGet } from '../fixtures/function-url.js';
import { echo, type Inspection, inspect, repeatedHeaders } from '../fixtures/handlers.js';
import { httpApiNamedStage } from '../fixtures/http-api.js';
import { restGet } from '../fixtures/rest.js';
import { handle } from '../handle.js';
import { type FrontDoorOptions, type FrontDoorServer, serveFrontDoor } from './server.js';

const env = {};
const servers: FrontDoorServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(handler: GripHandler, options: FrontDoorOptions): Promise<FrontDoorServer> {
  const server = await serveFrontDoor(handle(handler, { env }), options);
  servers.push(server);
  return server;
}

/** Starts a front door that also keeps every event it sent. */
async function recording(options: FrontDoorOptions): Promise<{ server: FrontDoorServer; events: unknown[] }> {
  const events: unknown[] = [];
  const lambda = handle(inspect, { env });
  const server = await serveFrontDoor((event: Parameters<typeof lambda>[0]) => {
    events.push(event);
    return lambda(event);
  }, options);
  servers.push(server);
  return { server, events };
}

function postEvents(url: string, extra: Record<string, string> = {}): Promise<Response> {
  return fetch(`${url}/ws`, {
    method: 'POST',
    headers: {
      Accept: 'application/websocket-events',
      'Content-Type': 'application/websocket-events',
      'Connection-Id': CONNECTION_ID,
      ...extra,
    },
    body: WEBSOCKET_EVENTS_BODY,
  });
}

async function expectEcho(response: Response): Promise<void> {
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/websocket-events');
  const events = decodeWebSocketEvents(new Uint8Array(await response.arrayBuffer()));
  expect(events.map((e) => e.type)).toEqual(['TEXT', 'BINARY']);
  expect([...events[1]!.content!]).toEqual([...Buffer.from('m:'), ...BINARY_PAYLOAD]);
}

/** Key paths of the parts of an event whose keys are fixed by AWS (not header or query names). */
function shape(value: unknown, path = ''): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [path];
  const open = /(headers|Headers|Parameters|stageVariables|authorizer)$/i;
  return Object.entries(value).flatMap(([key, child]) =>
    open.test(key) ? [`${path}.${key}`] : shape(child, `${path}.${key}`),
  );
}

function sameShape(actual: unknown, fixture: unknown): void {
  expect(new Set(shape(actual))).toEqual(new Set(shape(fixture)));
}

describe('local front door: REST API', () => {
  it('sends events shaped like the fixtures, path without the stage in the URL', async () => {
    const { server, events } = await recording({ kind: 'rest', stage: 'prod' });
    expect(server.url).toMatch(/\/prod$/);
    const response = await fetch(`${server.url}/items/42?tag=a&tag=b&q=hello%20world`, {
      headers: { Cookie: 'session=s3cr3t; theme=dark', 'X-Multi': 'one' },
    });
    const seen = (await response.json()) as Inspection;
    expect(new URL(seen.url).pathname).toBe('/items/42');
    expect(new URL(seen.url).searchParams.getAll('tag')).toEqual(['a', 'b']);
    expect(new Headers(seen.headers).get('cookie')).toBe('session=s3cr3t; theme=dark');
    sameShape(events[0], restGet);
    expect(events[0]).toMatchObject({
      path: '/items/42',
      requestContext: { path: '/prod/items/42', stage: 'prod' },
    });
  });

  it('answers a path outside the stage like API Gateway does', async () => {
    const server = await serve(inspect, { kind: 'rest', stage: 'prod' });
    const response = await fetch(`${server.url.replace(/\/prod$/, '')}/items`);
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ message: 'Missing Authentication Token' });
  });

  it('carries binary WebSocket-over-HTTP both ways when binaryMediaTypes lists it', async () => {
    const server = await serve(echo, { kind: 'rest', binaryMediaTypes: ['application/websocket-events'] });
    await expectEcho(await postEvents(server.url));
  });

  it('without binaryMediaTypes the body arrives damaged, and handle() refuses it naming the fix', async () => {
    const server = await serve(echo, { kind: 'rest' });
    const response = await postEvents(server.url);
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(
      /add application\/websocket-events to the REST API's binaryMediaTypes/,
    );
  });

  it('decodes a base64 result only when the first Accept type is a binary media type', async () => {
    const png: GripHandler = () => new Response(BINARY_PAYLOAD, { headers: { 'Content-Type': 'image/png' } });
    const server = await serve(png, { kind: 'rest', binaryMediaTypes: ['image/*'] });
    const decoded = await fetch(`${server.url}/logo`, { headers: { Accept: 'image/png, text/html' } });
    expect([...new Uint8Array(await decoded.arrayBuffer())]).toEqual([...BINARY_PAYLOAD]);
    const notDecoded = await fetch(`${server.url}/logo`, { headers: { Accept: 'text/html, image/png' } });
    expect(await notDecoded.text()).toBe(Buffer.from(BINARY_PAYLOAD).toString('base64'));
  });

  it('keeps repeated Set-Cookie and Grip-Channel values', async () => {
    const server = await serve(repeatedHeaders, { kind: 'rest' });
    const response = await fetch(`${server.url}/held`);
    expect(response.headers.getSetCookie()).toEqual([
      'a=1; Expires=Wed, 21 Oct 2037 07:28:00 GMT; Path=/',
      'b=2; HttpOnly',
    ]);
    expect(response.headers.get('grip-channel')).toBe('room-a, room-b');
  });

  it('answers 502 when the function throws and 504 when it runs out of time', async () => {
    const failing = await serveFrontDoor(
      () => {
        throw new Error('boom');
      },
      { kind: 'rest', onInvocationError: () => {} },
    );
    servers.push(failing);
    const failed = await fetch(`${failing.url}/x`);
    expect(failed.status).toBe(502);
    expect(await failed.json()).toEqual({ message: 'Internal server error' });

    const slow = await serveFrontDoor(() => new Promise<never>(() => {}), { kind: 'rest', timeoutMs: 50 });
    servers.push(slow);
    expect((await fetch(`${slow.url}/x`)).status).toBe(504);
  });
});

describe('local front door: HTTP API', () => {
  it('keeps a named stage in rawPath (the handler sees the path without it) and splits out cookies', async () => {
    const { server, events } = await recording({ kind: 'http-api', stage: 'v1' });
    expect(server.url).toMatch(/\/v1$/);
    const response = await fetch(`${server.url}/items/42?tag=a&tag=b&q=hello%20world`, {
      headers: { Cookie: 'session=s3cr3t; theme=dark' },
    });
    const seen = (await response.json()) as Inspection;
    expect(new URL(seen.url).pathname).toBe('/items/42');
    expect(new Headers(seen.headers).get('cookie')).toBe('session=s3cr3t; theme=dark');
    sameShape(events[0], httpApiNamedStage);
    expect(events[0]).toMatchObject({
      rawPath: '/v1/items/42',
      rawQueryString: 'tag=a&tag=b&q=hello%20world',
      cookies: ['session=s3cr3t', 'theme=dark'],
      queryStringParameters: { tag: 'a,b', q: 'hello world' },
      requestContext: { stage: 'v1' },
    });
  });

  it('with the stage chosen by a custom domain mapping, rawPath has no stage segment', async () => {
    const { server, events } = await recording({ kind: 'http-api', stage: 'v1', stageInPath: false });
    const seen = (await (await fetch(`${server.url}/items/42`)).json()) as Inspection;
    expect(new URL(seen.url).pathname).toBe('/items/42');
    expect(events[0]).toMatchObject({ rawPath: '/items/42', requestContext: { stage: 'v1' } });
  });

  it('answers a path outside the stage with 404', async () => {
    const server = await serve(inspect, { kind: 'http-api', stage: 'v1' });
    expect((await fetch(`${server.url.replace(/\/v1$/, '')}/items`)).status).toBe(404);
  });

  it('carries binary WebSocket-over-HTTP both ways', async () => {
    const server = await serve(echo, { kind: 'http-api' });
    await expectEcho(await postEvents(server.url));
  });

  it('turns cookies back into one Set-Cookie line each', async () => {
    const server = await serve(repeatedHeaders, { kind: 'http-api' });
    const response = await fetch(`${server.url}/held`);
    expect(response.headers.getSetCookie()).toHaveLength(2);
    expect(response.headers.get('grip-channel')).toBe('room-a, room-b');
  });
});

describe('local front door: function URL', () => {
  it('sends payload 2.0 events with the $default stage', async () => {
    const { server, events } = await recording({ kind: 'function-url' });
    await (await fetch(`${server.url}/items/42?q=1`, { headers: { Cookie: 'a=1' } })).json();
    sameShape(events[0], functionUrlGet);
    expect(events[0]).toMatchObject({ rawPath: '/items/42', requestContext: { stage: '$default' } });
  });

  it('carries binary WebSocket-over-HTTP both ways', async () => {
    const server = await serve(echo, { kind: 'function-url' });
    await expectEcho(await postEvents(server.url));
  });

  it('takes a bare string result as a JSON body with status 200', async () => {
    const server = await serveFrontDoor(() => '{"hello":"world"}', { kind: 'function-url' });
    servers.push(server);
    const response = await fetch(`${server.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ hello: 'world' });
  });
});

describe('local front door: ALB', () => {
  it.each([
    [false, albSingleGet],
    [true, albMultiGet],
  ])('multiValueHeaders=%s sends events shaped like the fixture', async (multiValueHeaders, fixture) => {
    const { server, events } = await recording({ kind: 'alb', multiValueHeaders });
    const response = await fetch(`${server.url}/items/42?tag=a&tag=b&q=hello%20world`, {
      headers: { Cookie: 'session=s3cr3t' },
    });
    expect(response.statusText).toBe('OK');
    const seen = (await response.json()) as Inspection;
    const url = new URL(seen.url);
    expect(url.searchParams.getAll('tag')).toEqual(multiValueHeaders ? ['a', 'b'] : ['b']);
    expect(url.searchParams.get('q')).toBe('hello world');
    sameShape(events[0], fixture);
  });

  it('multiValueHeaders=true carries binary WebSocket-over-HTTP', async () => {
    const server = await serve(echo, { kind: 'alb', multiValueHeaders: true });
    await expectEcho(await postEvents(server.url));
  });

  it('multiValueHeaders=false refuses WebSocket-over-HTTP with 400 naming the setting', async () => {
    const server = await serve(echo, { kind: 'alb', multiValueHeaders: false });
    const response = await postEvents(server.url);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('lambda.multi_value_headers.enabled=true');
  });

  it.each([false, true])('multiValueHeaders=%s delivers every Set-Cookie', async (multiValueHeaders) => {
    const server = await serve(repeatedHeaders, { kind: 'alb', multiValueHeaders });
    const response = await fetch(`${server.url}/held`);
    expect(response.headers.getSetCookie()).toEqual([
      'a=1; Expires=Wed, 21 Oct 2037 07:28:00 GMT; Path=/',
      'b=2; HttpOnly',
    ]);
  });
});

interface RawAnswer {
  status: number;
  body: string;
}

/** Sends `head` as it is (fetch would not send a malformed Host) and reads the answer until the server closes. */
function rawRequest(port: number, head: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.setTimeout(5000, () => socket.destroy(new Error('no complete answer within 5 s')));
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const split = text.indexOf('\r\n\r\n');
      resolve({ status: Number(text.slice(9, 12)), body: split === -1 ? '' : text.slice(split + 4) });
    });
    socket.write(`${head}Connection: close\r\n\r\n`);
  });
}

describe('local front doors: a hostile Host header sent over the wire', () => {
  const kinds: FrontDoorOptions[] = [
    { kind: 'alb' },
    { kind: 'alb', multiValueHeaders: true },
    { kind: 'rest' },
    { kind: 'http-api' },
    { kind: 'function-url' },
  ];

  it.each(
    kinds.flatMap((options) =>
      [
        'evil.example/admin',
        'evil.example?admin',
        'evil.example#admin',
        'evil.example\\admin',
        'user@evil.example',
      ].map((host) => [options.kind, host, options] as const),
    ),
  )('%s: Host %s gets a 400 naming the host, and the handler never runs', async (_kind, host, options) => {
    const handler = vi.fn(inspect);
    const server = await serve(handler, options);
    const base = new URL(server.url).pathname.replace(/\/$/, '');
    const answer = await rawRequest(server.port, `GET ${base}/fn HTTP/1.1\r\nHost: ${host}\r\n`);
    expect(answer.status).toBe(400);
    expect(answer.body.startsWith(`The Host header ${JSON.stringify(host)} is not a valid host: `)).toBe(
      true,
    );
    expect(handler).not.toHaveBeenCalled();
  });

  it.each(kinds.map((options) => [options.kind, options] as const))(
    '%s: two Host lines get a 400 from the front door itself',
    async (_kind, options) => {
      const handler = vi.fn(inspect);
      const server = await serve(handler, options);
      const base = new URL(server.url).pathname.replace(/\/$/, '');
      const answer = await rawRequest(
        server.port,
        `GET ${base}/fn HTTP/1.1\r\nHost: grip.example\r\nHost: evil.example\r\n`,
      );
      expect(answer).toEqual({ status: 400, body: 'Bad Request: more than one Host header\n' });
      expect(handler).not.toHaveBeenCalled();
    },
  );

  it('ALB: a request target //evil.example/x stays a path on the Host the client sent', async () => {
    const server = await serve(inspect, { kind: 'alb' });
    const answer = await rawRequest(
      server.port,
      'GET //evil.example/x?q=1 HTTP/1.1\r\nHost: grip.example\r\n',
    );
    expect(answer.status).toBe(200);
    const url = new URL((JSON.parse(answer.body) as Inspection).url);
    expect([url.host, url.pathname, url.search]).toEqual(['grip.example', '//evil.example/x', '?q=1']);
  });
});

describe('local front doors: request bodies', () => {
  async function counting(options: FrontDoorOptions) {
    const invoked = vi.fn();
    const onInvocationError = vi.fn();
    const lambda = handle(inspect, { env });
    const server = await serveFrontDoor(
      (event: Parameters<typeof lambda>[0]) => {
        invoked();
        return lambda(event);
      },
      { ...options, onInvocationError },
    );
    servers.push(server);
    return { server, invoked, onInvocationError };
  }

  it.each([
    ['function-url', 6 * 1024 * 1024, {}],
    ['alb', 1024 * 1024, { maxBodyBytes: 1024 * 1024 }],
  ] as const)(
    '%s: a larger body than %i bytes gets 413 without invoking the function',
    async (kind, limit, extra) => {
      const { server, invoked } = await counting({ kind, ...extra });
      const over = await fetch(`${server.url}/x`, { method: 'POST', body: new Uint8Array(limit + 1) });
      expect(over.status).toBe(413);
      expect(await over.text()).toBe('Payload Too Large\n');
      const at = await fetch(`${server.url}/x`, { method: 'POST', body: new Uint8Array(limit) });
      expect(at.status).toBe(200);
      expect(invoked).toHaveBeenCalledOnce();
    },
  );

  it('a chunked body that grows past maxBodyBytes gets 413 without invoking the function', async () => {
    const { server, invoked } = await counting({ kind: 'rest', maxBodyBytes: 1000 });
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 10; i++) controller.enqueue(new Uint8Array(500));
        controller.close();
      },
    });
    const response = await fetch(`${server.url}/x`, { method: 'POST', body, duplex: 'half' } as RequestInit);
    expect(response.status).toBe(413);
    expect(invoked).not.toHaveBeenCalled();
  });

  it('a client that hangs up mid-body is neither invoked nor reported as an error', async () => {
    const { server, invoked, onInvocationError } = await counting({ kind: 'alb' });
    await new Promise<void>((resolve, reject) => {
      const socket = connect(server.port, '127.0.0.1');
      socket.on('error', reject);
      socket.write('POST /x HTTP/1.1\r\nHost: grip.example\r\nContent-Length: 100\r\n\r\n0123456789', () => {
        socket.destroy();
        resolve();
      });
    });
    // The server sees the hang-up as the socket closes; a later request on a new connection is served after it.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await fetch(`${server.url}/after`)).status).toBe(200);
    expect(invoked).toHaveBeenCalledOnce();
    expect(onInvocationError).not.toHaveBeenCalled();
  });
});
