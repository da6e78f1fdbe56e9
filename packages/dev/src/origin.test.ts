import { once } from 'node:events';
import { createServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Origin } from './origin.js';

const cleanup: Array<() => void> = [];
afterEach(() => {
  for (const step of cleanup.splice(0)) step();
});

/**
 * An origin that answers the first request on each connection with
 * keep-alive, and resets any connection on which a second request arrives,
 * as an origin does that closes an idle connection just as it is reused.
 */
async function resettingOrigin(): Promise<{ url: string; connections: () => number }> {
  let connections = 0;
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    connections++;
    sockets.add(socket);
    let requests = 0;
    socket.on('error', () => {});
    socket.on('data', () => {
      requests++;
      if (requests > 1) {
        socket.resetAndDestroy();
        return;
      }
      socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanup.push(() => {
    for (const socket of sockets) socket.destroy();
    server.close();
  });
  const address = server.address() as { port: number };
  return { url: `http://127.0.0.1:${address.port}`, connections: () => connections };
}

async function get(origin: Origin): Promise<string> {
  const response = await origin.request({ method: 'GET', path: '/', headers: {}, body: Buffer.alloc(0) });
  let text = '';
  for await (const chunk of response) text += String(chunk);
  return text;
}

describe('Origin', () => {
  it('sends a request once more on a new connection when a reused keep-alive connection is reset before any answer', async () => {
    const server = await resettingOrigin();
    const origin = new Origin(server.url);
    cleanup.push(() => origin.close());
    expect(await get(origin)).toBe('ok');
    // The second request goes out on the kept-alive connection, which the origin resets.
    expect(await get(origin)).toBe('ok');
    expect(server.connections()).toBe(2);
  });

  it('does not retry a reset on a new connection: the origin is really failing', async () => {
    const server = createServer((socket) => {
      socket.on('error', () => {});
      socket.on('data', () => socket.resetAndDestroy());
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    cleanup.push(() => server.close());
    const origin = new Origin(`http://127.0.0.1:${(server.address() as { port: number }).port}`);
    cleanup.push(() => origin.close());
    await expect(get(origin)).rejects.toMatchObject({ code: 'ECONNRESET' });
  });
});
