import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';

function listen(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/**
 * The lowest port the kernel hands out for `listen(0)` and for the local end
 * of outgoing connections.
 */
function ephemeralLow(): number {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > 1024 ? low : 32768;
  } catch {
    return 32768;
  }
}

const LOWEST = 10_000;

/**
 * Distinct loopback ports that were free a moment ago, for a process that
 * binds them a little later. They come from below the kernel's ephemeral
 * range, so that in the meantime no `listen(0)` and no outgoing connection
 * (tests make hundreds) can be given one of them.
 */
export async function freePorts(count: number): Promise<number[]> {
  const high = ephemeralLow() - 1;
  const held: Server[] = [];
  const ports: number[] = [];
  try {
    for (let tries = 0; ports.length < count; tries++) {
      if (tries > 200) throw new Error(`No ${count} free loopback ports found in ${LOWEST}-${high}`);
      const port = LOWEST + Math.floor(Math.random() * (high - LOWEST + 1));
      if (ports.includes(port)) continue;
      try {
        held.push(await listen(port));
        ports.push(port);
      } catch {
        // Taken: draw another.
      }
    }
  } finally {
    await Promise.all(held.map(close));
  }
  return ports;
}
