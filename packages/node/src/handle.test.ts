import { once } from 'node:events';
import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type GripHandler, getWebSocket } from '@faas-grip/core';
import { afterEach, describe, expect, it } from 'vitest';
import { handle } from './handle.js';

const servers: { close(): void; closeAllConnections(): void }[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

async function listen(handler: GripHandler): Promise<number> {
  const server = createServer(handle(handler, { env: {}, onError: () => {} }));
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

function send(
  port: number,
  options: { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: options.path ?? '/',
        headers: options.headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const wsHeaders = { 'content-type': 'application/websocket-events', 'connection-id': 'c1' };

describe('handle', () => {
  it("writes core's WebSocket answer with its headers, a Content-Length and a header the handler added", async () => {
    const port = await listen(async (request) => {
      const ws = await getWebSocket(request);
      ws.send(`echo ${ws.recv()}`);
      const response = ws.toResponse();
      response.headers.set('x-added', 'after');
      return response;
    });
    const answer = await send(port, { method: 'POST', headers: wsHeaders, body: 'TEXT 5\r\nhello\r\n' });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/websocket-events');
    expect(answer.headers['x-added']).toBe('after');
    expect(answer.body).toBe('TEXT c\r\nm:echo hello\r\n');
    expect(answer.headers['content-length']).toBe(String(answer.body.length));
  });

  it("sends core's answer the handler re-wrapped or read, from the Response it returned", async () => {
    const port = await listen(async (request) => {
      const ws = await getWebSocket(request);
      ws.send('hi');
      const original = ws.toResponse();
      if (request.headers.get('x-mode') === 'wrap') return new Response(original.body, original);
      return new Response(`read: ${await original.text()}`);
    });
    const wrapped = await send(port, {
      method: 'POST',
      headers: { ...wsHeaders, 'x-mode': 'wrap' },
      body: '',
    });
    expect(wrapped.body).toBe('TEXT 4\r\nm:hi\r\n');
    const read = await send(port, { method: 'POST', headers: wsHeaders, body: '' });
    expect(read.body).toBe('read: TEXT 4\r\nm:hi\r\n');
  });

  it('hands the handler a 2 MB body intact, through text() and through the body stream', async () => {
    const big = 'x'.repeat(2 * 1024 * 1024);
    const port = await listen(async (request) => {
      if (request.headers.get('x-mode') === 'stream') {
        let size = 0;
        const reader = request.body!.getReader();
        for (let next = await reader.read(); !next.done; next = await reader.read())
          size += next.value.length;
        return new Response(String(size));
      }
      const text = await request.text();
      return new Response(String(text === big));
    });
    expect((await send(port, { method: 'POST', body: big })).body).toBe('true');
    expect((await send(port, { method: 'POST', headers: { 'x-mode': 'stream' }, body: big })).body).toBe(
      String(big.length),
    );
  });

  it("streams a handler's stream as it comes, chunked, and gives a finished body its Content-Length", async () => {
    let release: () => void = () => {};
    const port = await listen((request) => {
      if (request.url.endsWith('/plain')) return new Response('plain body');
      const stream = new ReadableStream<Uint8Array>({
        async start(controller) {
          controller.enqueue(new TextEncoder().encode('first '));
          await new Promise<void>((resolve) => {
            release = resolve;
          });
          controller.enqueue(new TextEncoder().encode('second'));
          controller.close();
        },
      });
      return new Response(stream, { headers: { 'content-type': 'text/plain' } });
    });
    const plain = await send(port, { path: '/plain' });
    expect(plain.headers['content-length']).toBe('10');
    const firstChunk = new Promise<{ chunk: string; done: Promise<string> }>((resolve, reject) => {
      httpRequest({ host: '127.0.0.1', port, path: '/stream' }, (res) => {
        expect(res.headers['transfer-encoding']).toBe('chunked');
        let body = '';
        const done = new Promise<string>((end) => res.on('end', () => end(body)));
        res.once('data', (chunk: Buffer) => {
          body += chunk.toString();
          res.on('data', (more: Buffer) => {
            body += more.toString();
          });
          resolve({ chunk: chunk.toString(), done });
        });
      })
        .on('error', reject)
        .end();
    });
    const { chunk, done } = await firstChunk;
    expect(chunk).toBe('first ');
    release();
    expect(await done).toBe('first second');
  });

  it('keeps each Set-Cookie on a line of its own', async () => {
    const port = await listen(() => {
      const headers = new Headers();
      headers.append('set-cookie', 'a=1; Expires=Wed, 21 Oct 2026 07:28:00 GMT');
      headers.append('set-cookie', 'b=2');
      return new Response('ok', { headers });
    });
    expect((await send(port)).headers['set-cookie']).toEqual([
      'a=1; Expires=Wed, 21 Oct 2026 07:28:00 GMT',
      'b=2',
    ]);
  });

  it.each([
    ['a Host with a path', { host: 'evil.test/x' }, '/'],
    ['a Host with user info', { host: 'user@evil.test' }, '/'],
    ['a backslash in the path', { host: 'origin.test' }, '/a\\b'],
  ])('answers 400 for %s, and the handler never runs', async (_, headers, path) => {
    let ran = false;
    const port = await listen(() => {
      ran = true;
      return new Response('ran');
    });
    expect((await send(port, { headers, path })).status).toBe(400);
    expect(ran).toBe(false);
  });

  it('aborts request.signal when the client leaves before the answer', async () => {
    let aborted: Promise<void> = Promise.resolve();
    let entered: () => void = () => {};
    const handlerRan = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const port = await listen((request) => {
      aborted = new Promise<void>((resolve) => request.signal.addEventListener('abort', () => resolve()));
      entered();
      return new Promise<Response>(() => {});
    });
    const req = httpRequest({ host: '127.0.0.1', port, path: '/' });
    req.on('error', () => {});
    req.end();
    await handlerRan;
    req.destroy();
    // Waits for the abort event; the test's own timeout is the deadline.
    await aborted;
  });

  it("answers 500 when the handler's stream fails before any byte, and ends short when it fails later", async () => {
    const port = await listen((request) => {
      const late = request.url.endsWith('/late');
      const stream = new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (late) {
            controller.enqueue(new TextEncoder().encode('partial'));
            await new Promise((resolve) => setTimeout(resolve, 20));
          }
          controller.error(new Error('stream failed'));
        },
      });
      return new Response(stream);
    });
    expect((await send(port, { path: '/early' })).status).toBe(500);
    await expect(send(port, { path: '/late' })).rejects.toThrow();
  });
});

describe('handle: framing and hostile requests', () => {
  it("takes a client that leaves in the middle of its upload as the client's doing, not an error of the function", async () => {
    const reported: unknown[] = [];
    let settled: () => void = () => {};
    const handlerDone = new Promise<void>((resolve) => {
      settled = resolve;
    });
    const server = createServer(
      handle(
        async (request) => {
          try {
            return new Response(String((await request.arrayBuffer()).byteLength));
          } finally {
            settled();
          }
        },
        { env: {}, onError: (error) => reported.push(error) },
      ),
    );
    servers.push(server);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    const req = httpRequest({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/',
      headers: { 'content-length': '100' },
    });
    req.on('error', () => {});
    req.write('only ten b');
    // Lets the partial body reach the server before the client goes.
    await new Promise((resolve) => setTimeout(resolve, 50));
    req.destroy();
    // The test's own timeout is the deadline for the handler to settle.
    await handlerDone;
    await new Promise((resolve) => setImmediate(resolve));
    expect(reported).toEqual([]);
  });

  it("hands over exactly the body when it arrives in several small reads (never bytes of Node's shared pool)", async () => {
    const port = await listen(async (request) => {
      const buffer = await request.arrayBuffer();
      return new Response(`${buffer.byteLength}:${new TextDecoder().decode(buffer)}`);
    });
    // A chunked upload of two small chunks arrives in two reads.
    const answer = await new Promise<string>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/' }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve(Buffer.concat(chunks).toString()));
      });
      req.on('error', reject);
      req.write('abc');
      setTimeout(() => req.end('de'), 30);
    });
    expect(answer).toBe('5:abcde');
  });

  it('reads WebSocket-over-HTTP events that arrive in two reads', async () => {
    const port = await listen(async (request) => {
      const ws = await getWebSocket(request);
      while (ws.canRecv()) ws.send(ws.recv() ?? '');
      return ws.toResponse();
    });
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/',
          headers: { 'Content-Type': 'application/websocket-events', 'Connection-Id': 'c1' },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
          );
        },
      );
      req.on('error', reject);
      req.write('TEXT 2\r\n');
      setTimeout(() => req.end('hi\r\n'), 30);
    });
    expect(answer).toEqual({ status: 200, body: 'TEXT 4\r\nm:hi\r\n' });
  });

  it("sends a stream's headers at once, before its first chunk", async () => {
    let release: () => void = () => {};
    const port = await listen(
      () =>
        new Response(
          new ReadableStream<Uint8Array>({
            async start(controller) {
              await new Promise<void>((resolve) => {
                release = resolve;
              });
              controller.enqueue(new TextEncoder().encode('data: late\n\n'));
              controller.close();
            },
          }),
          { headers: { 'Content-Type': 'text/event-stream' } },
        ),
    );
    const headers = await new Promise<IncomingHttpHeaders>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/' }, (res) => {
        resolve(res.headers);
        res.resume();
      });
      req.on('error', reject);
      req.end();
    });
    expect(headers['content-type']).toBe('text/event-stream');
    release();
  });

  it("never sends a Response's own Transfer-Encoding or a Content-Length beside chunked framing", async () => {
    const port = await listen(
      () =>
        new Response(
          new ReadableStream<Uint8Array>({
            async pull(controller) {
              await new Promise((resolve) => setTimeout(resolve, 20));
              controller.enqueue(new TextEncoder().encode('abc'));
              controller.close();
            },
          }),
          { headers: { 'Transfer-Encoding': 'chunked', Connection: 'close', 'Content-Length': '3' } },
        ),
    );
    const answer = await send(port);
    expect(answer.body).toBe('abc');
    expect(answer.headers['transfer-encoding']).toBe('chunked');
    expect(answer.headers['content-length']).toBeUndefined();
  });

  it('states the length of the bytes sent, not the length a Response claimed', async () => {
    const port = await listen(() => new Response('hello world', { headers: { 'Content-Length': '5' } }));
    const answer = await send(port);
    expect(answer.headers['content-length']).toBe('11');
    expect(answer.body).toBe('hello world');
  });

  // Node's own parser refuses TRACK and other unknown methods with a 400.
  it.each(['TRACE'])(
    'answers %s, which a Web Request cannot carry, with 405 before the handler runs',
    async (method) => {
      let ran = false;
      const port = await listen((request) => {
        ran = true;
        return new Response(request.clone().method);
      });
      const answer = await send(port, { method });
      expect(answer.status).toBe(405);
      expect(ran).toBe(false);
    },
  );

  it('gives a request without Content-Length or Transfer-Encoding no body, whatever its method', async () => {
    const port = await listen((request) => new Response(String(request.body === null)));
    expect((await send(port, { method: 'DELETE' })).body).toBe('true');
    expect((await send(port, { method: 'POST', body: 'x' })).body).toBe('false');
  });
});
