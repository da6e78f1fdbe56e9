import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PublishReceiver {
  /** Base of a GRIP_URL pointing here. */
  url: string;
  /** Every publish body received so far, in order. */
  readonly received: readonly unknown[];
  /** Resolves with the body of the next publish not yet taken by next(). */
  next(): Promise<unknown>;
  close(): Promise<void>;
}

/** A loopback HTTP server in the place of a proxy's publish API, answering as Pushpin does. */
export async function publishReceiver(): Promise<PublishReceiver> {
  const received: unknown[] = [];
  const arrived: unknown[] = [];
  const waiting: Array<(body: unknown) => void> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      received.push(body);
      const wake = waiting.shift();
      if (wake) wake(body);
      else arrived.push(body);
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('Published\n');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    next() {
      if (arrived.length > 0) return Promise.resolve(arrived.shift());
      return new Promise((resolve) => waiting.push(resolve));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
