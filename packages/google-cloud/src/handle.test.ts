import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { type GripEnv, type GripHandler, getWebSocket } from '@faas-grip/core';
import { createTestProxy } from '@faas-grip/testing';
import * as functions from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type HandleOptions, handle } from './index.js';

const NOT_UTF8 = [0xff, 0xfe, 0x00, 0x80, 0xc3, 0x28];
const servers: Server[] = [];
let names = 0;

/** The handler registered with the Functions Framework and served by its own Express server. */
async function serveWithFramework(handler: GripHandler, options: HandleOptions<GripEnv> = { env: {} }) {
  const name = `fn${++names}`;
  functions.http(name, handle(handler, options));
  const server = getTestServer(name);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The test proxy in front of the served function: its requests go over HTTP, signed, and publishes come back. */
async function behindProxy(handler: GripHandler) {
  let url = '';
  const proxy = createTestProxy(
    {
      fetch: async (request) => {
        const body = request.method === 'GET' ? null : await request.arrayBuffer();
        const { pathname, search } = new URL(request.url);
        return fetch(`${url}${pathname}${search}`, {
          method: request.method,
          headers: request.headers,
          body,
        });
      },
      // Each request goes over loopback HTTP through the Functions Framework: room for a loaded machine.
    },
    { timeoutMs: 10_000 },
  );
  url = await serveWithFramework(handler, { env: proxy.env, publishFetch: proxy.publishFetch });
  return proxy;
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

const bodyReport: GripHandler = async (request) =>
  Response.json({
    hex: Buffer.from(await request.arrayBuffer()).toString('hex'),
    encoding: request.headers.get('content-encoding'),
  });

describe('handle in the Functions Framework', () => {
  it('gives WebSocket-over-HTTP bodies to the handler byte for byte (the framework keeps them in rawBody)', async () => {
    const proxy = await behindProxy(async (request) => {
      const ws = await getWebSocket(request);
      if (ws.isOpening()) ws.accept();
      while (ws.canRecv()) {
        const message = ws.recvRaw();
        if (message instanceof Uint8Array) ws.sendBinary(message);
      }
      return ws.toResponse();
    });
    const client = await proxy.connect('/ws');
    await client.send(Uint8Array.from(NOT_UTF8));
    expect(await client.next()).toEqual(Uint8Array.from(NOT_UTF8));
  });

  it('reads a body no parser took (no Content-Type) from the stream', async () => {
    const url = await serveWithFramework(bodyReport);
    const response = await fetch(`${url}/`, { method: 'POST', body: new Uint8Array(NOT_UTF8) });
    expect(await response.json()).toEqual({ hex: 'fffe0080c328', encoding: null });
  });

  it('a gzip body arrives decoded by the framework, without the Content-Encoding it no longer has', async () => {
    const url = await serveWithFramework(bodyReport);
    const response = await fetch(`${url}/`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/octet-stream', 'Content-Encoding': 'gzip' },
      body: gzipSync(Buffer.from(NOT_UTF8)),
    });
    expect(await response.json()).toEqual({ hex: 'fffe0080c328', encoding: null });
  });

  it('finishes waitUntil work before the response is sent (Cloud Run may take the CPU after it)', async () => {
    let done = false;
    const url = await serveWithFramework((_request, ctx) => {
      ctx.waitUntil(new Promise((resolve) => setTimeout(resolve, 50)).then(() => (done = true)));
      return new Response('accepted', { status: 202 });
    });
    const response = await fetch(`${url}/`);
    expect([response.status, done]).toEqual([202, true]);
  });

  it('keeps each Set-Cookie a header line of its own', async () => {
    const url = await serveWithFramework(() => {
      const headers = new Headers();
      headers.append('Set-Cookie', 'a=1; Expires=Wed, 21 Oct 2026 07:28:00 GMT');
      headers.append('Set-Cookie', 'b=2');
      return new Response('ok', { headers });
    });
    const response = await fetch(`${url}/`);
    expect(response.headers.getSetCookie()).toEqual(['a=1; Expires=Wed, 21 Oct 2026 07:28:00 GMT', 'b=2']);
  });

  it('sends the headers of a streamed Response before its first chunk', async () => {
    let push: (chunk: string) => void = () => undefined;
    let end: () => void = () => undefined;
    const url = await serveWithFramework(
      () =>
        new Response(
          new ReadableStream<Uint8Array>({
            start(controller) {
              push = (chunk) => controller.enqueue(new TextEncoder().encode(chunk));
              end = () => controller.close();
            },
          }),
          { headers: { 'Content-Type': 'text/event-stream' } },
        ),
    );
    const response = await fetch(`${url}/`, { signal: AbortSignal.timeout(5000) });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    push('data: one\n\n');
    end();
    expect(await response.text()).toBe('data: one\n\n');
  });

  it("stops the handler's stream when the client leaves in the middle of it", async () => {
    let cancelled: (reason: unknown) => void = () => undefined;
    const cancel = new Promise((resolve) => {
      cancelled = resolve;
    });
    const url = await serveWithFramework(
      () =>
        new Response(
          new ReadableStream<Uint8Array>({
            start(controller) {
              controller.enqueue(new TextEncoder().encode('data: first\n\n'));
            },
            cancel: (reason) => cancelled(reason),
          }),
          { headers: { 'Content-Type': 'text/event-stream' } },
        ),
    );
    const client = new AbortController();
    const response = await fetch(`${url}/`, { signal: client.signal });
    const reader = response.body!.getReader();
    await reader.read();
    client.abort();
    // Waits for the cancel to reach the handler's stream; fails the test after 5 s.
    await expect(
      Promise.race([
        cancel.then(() => 'cancelled'),
        new Promise((r) => setTimeout(r, 5000, 'still running')),
      ]),
    ).resolves.toBe('cancelled');
  });

  it('a client that leaves in the middle of its upload is no error of the function, and the server goes on', async () => {
    const errors: unknown[] = [];
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const url = new URL(
      await serveWithFramework(bodyReport, { env: {}, onError: (error) => errors.push(error) }),
    );
    // No Content-Type, so no parser of the framework reads it: the adapter reads the stream.
    await new Promise<void>((resolve, reject) => {
      const req = httpRequest({
        host: url.hostname,
        port: url.port,
        method: 'POST',
        path: '/',
        headers: { 'Content-Length': '1000' },
      });
      req.once('error', () => resolve());
      req.write('only a part', () => setTimeout(() => req.destroy(), 50));
      req.once('close', () => resolve());
      req.once('response', () => reject(new Error('answered a request whose body never came')));
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const next = await fetch(`${url.origin}/`, { method: 'POST', body: 'whole' });
    expect(await next.json()).toEqual({ hex: Buffer.from('whole').toString('hex'), encoding: null });
    expect([errors, logged.mock.calls]).toEqual([[], []]);
    logged.mockRestore();
  });

  it.each([
    ['user info', 'user@evil.example'],
    ['a path', 'evil.example/x'],
    ['a space', 'evil example'],
  ])('answers a Host header with %s with 400 before the handler runs', async (_what, host) => {
    let ran = false;
    const url = new URL(
      await serveWithFramework(() => {
        ran = true;
        return new Response('ran');
      }),
    );
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        { host: url.hostname, port: url.port, path: '/', headers: { Host: host } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.once('error', reject);
      req.end();
    });
    expect([status, ran]).toEqual([400, false]);
  });

  it('refuses a request without Grip-Sig with 403 when a verification key is configured', async () => {
    const url = await serveWithFramework(() => new Response('ran'), {
      env: { GRIP_VERIFY_KEY: 'cloud-run-test-key' },
    });
    const response = await fetch(`${url}/`);
    expect(response.status).toBe(403);
    expect(await response.text()).not.toContain('cloud-run-test-key');
  });
});
