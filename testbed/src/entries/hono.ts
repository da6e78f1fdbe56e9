import type { AddressInfo } from 'node:net';
import { grip, gripHandler } from '@faas-grip/hono';
import { createAdaptorServer } from '@hono/node-server';
import { Hono } from 'hono';
import { conformanceApp } from '../app/index.js';
import type { OriginEntry } from './types.js';

/**
 * A Hono app on `@hono/node-server`: the `grip()` middleware on every path
 * (Grip-Sig check, prefix, `c.var.grip`), and the conformance app mounted
 * behind it with `gripHandler()`.
 */
export const honoEntry: OriginEntry = {
  name: 'hono',
  async start(env) {
    const app = new Hono();
    app.use('*', grip({ env }));
    app.all('*', gripHandler(conformanceApp));
    const server = createAdaptorServer({ fetch: app.fetch, hostname: '127.0.0.1' });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}`,
      stop: () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          if ('closeAllConnections' in server) server.closeAllConnections();
        }),
    };
  },
};
