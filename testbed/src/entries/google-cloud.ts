import type { AddressInfo } from 'node:net';
import { handle } from '@faas-grip/google-cloud';
import * as functions from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { conformanceApp } from '../app/index.js';
import type { OriginEntry } from './types.js';

let registered = 0;

/**
 * The app registered with the real Functions Framework,
 * `functions.http(name, handle(app))`, and served by the framework's own
 * Express server (`getTestServer`: the server `functions-framework` runs,
 * with its body parsers and routes) on a free loopback port.
 */
export const googleCloudEntry: OriginEntry = {
  name: 'google-cloud (Functions Framework server)',
  async start(env) {
    const name = `conformance${++registered}`;
    functions.http(name, handle(conformanceApp, { env }));
    const server = getTestServer(name);
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
          server.closeAllConnections();
        }),
    };
  },
};
