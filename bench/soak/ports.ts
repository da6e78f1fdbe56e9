import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';

function hold(port: number): Promise<Server | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

/**
 * `count` loopback ports free a moment ago, for processes that bind them
 * later (Pushpin needs fixed ports). They are drawn below the kernel's
 * ephemeral range: a thousand client sockets take ephemeral ports, and one
 * of them must not land on a port picked here before it is bound.
 */
export async function freePorts(count: number): Promise<number[]> {
  let low = 32768;
  try {
    const first = Number(
      readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0],
    );
    if (Number.isInteger(first) && first > 11_000) low = first;
  } catch {
    // Not Linux: keep the common default.
  }
  const held: Server[] = [];
  try {
    for (let tries = 0; held.length < count && tries < 200; tries++) {
      const port = 10_000 + Math.floor(Math.random() * (low - 10_000));
      const server = await hold(port);
      if (server) held.push(server);
    }
    if (held.length < count) throw new Error(`no ${count} free loopback ports below ${low}`);
    return held.map((server) => (server.address() as { port: number }).port);
  } finally {
    await Promise.all(held.map((server) => new Promise((resolve) => server.close(resolve))));
  }
}
