import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpResponseFormat, HttpStreamFormat, WebSocketMessageFormat } from '@fanoutio/grip';
import { jwtVerify } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { PublishError } from '../errors.js';
import { WebSocketCloseFormat } from '../ws/close-format.js';
import { createPublisher } from './publisher.js';

interface Received {
  url: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

const servers: Server[] = [];

/** A real HTTP server on loopback standing in for the proxy's publish API. */
async function publishApi(answer: (received: Received) => { status: number; body: string } | 'hang') {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => {
      raw += chunk;
    });
    req.on('end', () => {
      const entry = { url: req.url ?? '', headers: req.headers, body: JSON.parse(raw) as unknown };
      received.push(entry);
      const result = answer(entry);
      if (result === 'hang') return;
      res.writeHead(result.status, { 'Content-Type': 'text/plain' }).end(result.body);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

/** A loopback URL where nothing listens: a port that was just free. */
async function closedPort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

describe('createPublisher', () => {
  it('publishes items with the prefix and a JWT signed with the key', async () => {
    const api = await publishApi(() => ({ status: 200, body: 'Published\n' }));
    const publisher = createPublisher({
      GRIP_URL: `${api.url}/?iss=pushpin&key=base64:${btoa('k3y')}`,
      GRIP_PREFIX: 'test-',
    });
    await publisher.publish('room', new WebSocketMessageFormat('hi'), { id: '2', prevId: '1' });
    await publisher.publish('news', [new HttpStreamFormat('x\n'), new WebSocketCloseFormat(4100, 'kicked')]);
    expect(api.received.map((r) => r.url)).toEqual(['/publish/', '/publish/']);
    expect(api.received[0]?.body).toEqual({
      items: [
        { channel: 'test-room', id: '2', 'prev-id': '1', formats: { 'ws-message': { content: 'hi' } } },
      ],
    });
    expect(api.received[1]?.body).toEqual({
      items: [
        {
          channel: 'test-news',
          id: expect.any(String),
          formats: {
            'http-stream': { content: 'x\n' },
            'ws-message': { action: 'close', code: 4100, reason: 'kicked' },
          },
        },
      ],
    });
    const auth = api.received[0]?.headers.authorization ?? '';
    const { payload } = await jwtVerify(auth.replace(/^Bearer /, ''), new TextEncoder().encode('k3y'));
    expect(payload.iss).toBe('pushpin');
  });

  it('keeps a query string of the control URI on the publish URL', async () => {
    const api = await publishApi(() => ({ status: 200, body: '' }));
    await createPublisher({ GRIP_URL: `${api.url}/?realm=x` }).publish('c', new WebSocketMessageFormat('x'));
    expect(api.received[0]?.url).toBe('/publish/?realm=x');
  });

  it('sends a Bearer token when the URL has a key but no iss', async () => {
    const api = await publishApi(() => ({ status: 200, body: '' }));
    await createPublisher({ GRIP_URL: `${api.url}?key=token123` }).publish(
      'c',
      new WebSocketMessageFormat('x'),
    );
    expect(api.received[0]?.headers.authorization).toBe('Bearer token123');
  });

  it('rejects with a PublishError carrying the status and body', async () => {
    const api = await publishApi(() => ({ status: 400, body: 'Request body too large.' }));
    const error = await createPublisher({ GRIP_URL: api.url })
      .publish('c', new WebSocketMessageFormat('x'))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PublishError);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ status: 400, body: 'Request body too large.', timedOut: false });
    expect((error as Error).message).toMatch(/refused with status 400: Request body too large/);
  });

  it('gives up after the timeout', async () => {
    const api = await publishApi(() => 'hang');
    const error = await createPublisher({ GRIP_URL: api.url }, { timeoutMs: 200 })
      .publish('c', new WebSocketMessageFormat('x'))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'PublishError', status: 0, timedOut: true });
    expect((error as Error).message).toMatch(/timed out after 200 ms/);
  });

  it('reports a proxy that is not listening, after retrying it until the timeout', async () => {
    const api = await publishApi(() => ({ status: 200, body: '' }));
    const down = await closedPort();
    const started = performance.now();
    const error = await createPublisher({ GRIP_URL: `${api.url} ${down}` }, { timeoutMs: 300 })
      .publish('c', new WebSocketMessageFormat('x'))
      .catch((e: unknown) => e);
    const elapsed = performance.now() - started;
    // At the timeout; the upper bound leaves a loaded machine room for a late timer.
    expect(elapsed).toBeGreaterThanOrEqual(295);
    expect(elapsed).toBeLessThan(1_300);
    expect(error).toMatchObject({ name: 'PublishError', status: 0, url: `${down}/publish/`, timedOut: true });
    expect((error as Error).message).toMatch(/ECONNREFUSED/);
    expect((error as PublishError).attempts).toBeGreaterThan(1);
    expect(api.received).toHaveLength(1);
  });

  it('retries a real connection that answers 503 once, and the id is the same on both attempts', async () => {
    let answered = 0;
    const api = await publishApi(() =>
      answered++ === 0 ? { status: 503, body: 'busy' } : { status: 200, body: '' },
    );
    await createPublisher({ GRIP_URL: api.url }).publish('c', new WebSocketMessageFormat('x'));
    const ids = api.received.map((r) => (r.body as { items: Array<{ id: string }> }).items[0]?.id);
    expect(ids).toHaveLength(2);
    expect(ids[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(ids[1]).toBe(ids[0]);
  });

  it('says GRIP_URL is missing instead of dropping the publish', async () => {
    await expect(createPublisher({}).publish('c', new WebSocketMessageFormat('x'))).rejects.toThrow(
      /GRIP_URL is not set/,
    );
  });

  it('sends an http-response status as a number, as GRIP defines it', async () => {
    const api = await publishApi(() => ({ status: 200, body: 'Published\n' }));
    const publisher = createPublisher({ GRIP_URL: api.url });
    await publisher.publish('poll', new HttpResponseFormat({ code: '201', body: 'made\n' }));
    expect(api.received[0]?.body).toEqual({
      items: [
        {
          channel: 'poll',
          id: expect.any(String),
          formats: { 'http-response': { code: 201, body: 'made\n' } },
        },
      ],
    });
  });

  it('sends several items in one request', async () => {
    const api = await publishApi(() => ({ status: 200, body: '' }));
    await createPublisher({ GRIP_URL: api.url }).publishMany([
      { channel: 'a', content: new WebSocketMessageFormat('1') },
      { channel: 'b', content: new WebSocketMessageFormat('2'), id: 'x' },
    ]);
    expect(api.received).toHaveLength(1);
    expect(api.received[0]?.body).toMatchObject({ items: [{ channel: 'a' }, { channel: 'b', id: 'x' }] });
  });
});
