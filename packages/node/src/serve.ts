import type { AddressInfo } from 'node:net';
import { type GripHandler, type GripOptions, handleRequest, pendingWork } from '@faas-grip/core';
import { createAdaptorServer } from '@hono/node-server';

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
  const server = createAdaptorServer({
    fetch: (request: Request) => handleRequest(handler, request, { env, waitUntil: work.add }, options),
    hostname,
    // Leave the process's own Request/Response alone: other code may rely on them.
    overrideGlobalObjects: false,
  });
  const port = options.port ?? Number(process.env.PORT ?? 3000);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, hostname, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  const host = hostname.includes(':') ? `[${hostname}]` : hostname;
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
