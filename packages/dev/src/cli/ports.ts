import { createServer } from 'node:net';

/** A loopback port that was free a moment ago. */
export function freePort(hostname = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, hostname, () => {
      const address = server.address();
      server.close(() => {
        if (address === null || typeof address === 'string') reject(new Error('listen(0) gave no port'));
        else resolve(address.port);
      });
    });
  });
}
