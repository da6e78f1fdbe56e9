import { serve } from '@faas-grip/node';
import { conformanceApp } from '../app/index.js';
import type { OriginEntry } from './types.js';

/** The app on `@faas-grip/node`'s own server, inside the test process. */
export const nodeEntry: OriginEntry = {
  name: 'node',
  async start(env) {
    const server = await serve(conformanceApp, { port: 0, hostname: '127.0.0.1', env });
    return { url: server.url, stop: () => server.close() };
  },
};
