import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpStreamFormat, PublishError } from '@faas-grip/core';
import { type PublishReceiver, publishReceiver } from '@faas-grip/test-support/node';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { grip, gripHandler } from './index.js';

let receiver: PublishReceiver | undefined;
const servers: Array<{ close(callback: () => void): unknown }> = [];

afterEach(async () => {
  vi.unstubAllEnvs();
  await receiver?.close();
  receiver = undefined;
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
});

/** Serves `app` with @hono/node-server on a free loopback port. */
async function listen(app: Hono): Promise<string> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
      resolve(`http://127.0.0.1:${info.port}`),
    );
    servers.push(server);
  });
}

describe('on Node with @hono/node-server', () => {
  it('reads the configuration from process.env by default', async () => {
    vi.stubEnv('GRIP_PREFIX', 'from-process-');
    const app = new Hono();
    app.use('/mw/*', grip());
    app.get('/mw/stream', (c) => c.var.grip.holdStream('news'));
    app.get(
      '/handler',
      gripHandler((_request, ctx) => ctx.holdStream('news')),
    );
    const url = await listen(app);
    expect((await fetch(`${url}/mw/stream`)).headers.get('grip-channel')).toBe('from-process-news');
    expect((await fetch(`${url}/handler`)).headers.get('grip-channel')).toBe('from-process-news');
  });

  it('publishes through GRIP_URL, also from work handed to waitUntil after the response (stand-in publish API)', async () => {
    receiver = await publishReceiver();
    const app = new Hono();
    app.use('*', grip({ env: { GRIP_URL: receiver.url, GRIP_PREFIX: 'n-' } }));
    app.post('/now', async (c) => {
      await c.var.grip.publish('news', new HttpStreamFormat('now\n'));
      return c.text('published');
    });
    app.post('/later', (c) => {
      c.var.grip.waitUntil(c.var.grip.publish('news', new HttpStreamFormat('later\n')));
      return c.text('accepted', 202);
    });
    const url = await listen(app);

    expect(await (await fetch(`${url}/now`, { method: 'POST' })).text()).toBe('published');
    expect(await receiver.next()).toEqual({
      items: [
        { channel: 'n-news', id: expect.any(String), formats: { 'http-stream': { content: 'now\n' } } },
      ],
    });
    expect((await fetch(`${url}/later`, { method: 'POST' })).status).toBe(202);
    expect(await receiver.next()).toEqual({
      items: [
        { channel: 'n-news', id: expect.any(String), formats: { 'http-stream': { content: 'later\n' } } },
      ],
    });
  });

  it('reports work handed to waitUntil that fails to onError', async () => {
    const failures: unknown[] = [];
    const reported = new Promise<void>((resolve) => {
      const app = new Hono();
      // Port 9 (discard) refuses connections on loopback, so the publish fails.
      app.use(
        '*',
        grip({
          env: { GRIP_URL: 'http://127.0.0.1:9' },
          // The refused publish is retried until this timeout.
          publishTimeoutMs: 300,
          onError: (error) => {
            failures.push(error);
            resolve();
          },
        }),
      );
      app.post('/later', (c) => {
        c.var.grip.waitUntil(c.var.grip.publish('news', new HttpStreamFormat('lost\n')));
        return c.text('accepted', 202);
      });
      void listen(app).then((url) => fetch(`${url}/later`, { method: 'POST' }));
    });
    await reported;
    expect(failures).toHaveLength(1);
    expect(failures[0]).toBeInstanceOf(PublishError);
  });

  it('prefixes the channels of a hold the route fetched from elsewhere (immutable headers)', async () => {
    const upstream = createServer((_req, res) => {
      res.writeHead(200, { 'Grip-Hold': 'stream', 'Grip-Channel': 'feed', 'Content-Type': 'text/plain' });
      res.end('upstream says hi\n');
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    servers.push(upstream);
    const upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;

    const app = new Hono();
    app.use('*', grip({ env: { GRIP_PREFIX: 'edge-' } }));
    app.get('/feed', () => fetch(upstreamUrl));
    const url = await listen(app);
    const response = await fetch(`${url}/feed`);
    expect(response.headers.get('grip-hold')).toBe('stream');
    expect(response.headers.get('grip-channel')).toBe('edge-feed');
    expect(await response.text()).toBe('upstream says hi\n');
  });
});
