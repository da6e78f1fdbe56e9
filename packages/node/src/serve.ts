import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GripHandler, GripOptions } from '@faas-grip/core';
import { pendingWork } from '@faas-grip/core/adapter';
import { listener } from './handle.js';

export interface ServeOptions<Env> extends GripOptions {
  /** Port to listen on; 0 picks a free one (default: `PORT` or 3000). */
  port?: number;
  /** Address to bind (default 127.0.0.1: behind a proxy, the origin need not be public). */
  hostname?: string;
  /** Configuration for `ctx.env` (default `process.env`). */
  env?: Env;
}

export interface Server {
  /** The port actually bound. */
  readonly port: number;
  /** `http://hostname:port`. */
  readonly url: string;
  /** Stops accepting requests, closes open connections and waits for `waitUntil` work. */
  close(): Promise<void>;
}

/** Serves a handler over HTTP, for self-hosting behind a GRIP proxy and for local development. */
export async function serve<Env = NodeJS.ProcessEnv>(
  handler: GripHandler<Env>,
  options: ServeOptions<Env> = {},
): Promise<Server> {
  const env = (options.env ?? process.env) as Env;
  const work = pendingWork();
  const hostname = options.hostname ?? '127.0.0.1';
  const host = hostname.includes(':') ? `[${hostname}]` : hostname;
  const server = createServer(listener(handler, { ...options, env }, work, host));
  const port = options.port ?? Number(process.env.PORT ?? 3000);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, hostname, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    port: bound,
    url: `http://${host}:${bound}`,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      if ('closeAllConnections' in server) server.closeAllConnections();
      await closed;
      await work.settle();
    },
  };
}
