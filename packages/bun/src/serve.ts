import type { GripEnv, GripHandler } from '@faas-grip/core';
import { pendingWork } from '@faas-grip/core/adapter';
import { bunNamespace } from './bun-namespace.js';
import { bunHandler, type HandleOptions } from './handle.js';

/** Options for {@link serve}: where to listen, and those of `handle`. */
export interface ServeOptions<Env> extends HandleOptions<Env> {
  /** Port to listen on; 0 picks a free one (default: `PORT` or 3000). */
  port?: number;
  /** Address to bind (default 127.0.0.1: behind a proxy, the origin need not be public). */
  hostname?: string;
  /**
   * Seconds a connection may stay silent, a request still being handled
   * included, before Bun closes it (default 30; Bun's own default, 10, is
   * what a publish may take before it gives up, so a slow one would lose
   * its answer).
   */
  idleTimeout?: number;
}

/** A running server, as {@link serve} resolves to. */
export interface Server {
  /** The port actually bound. */
  readonly port: number;
  /** `http://hostname:port`. */
  readonly url: string;
  /** Stops listening, closes open connections and waits for `waitUntil` work. */
  close(): Promise<void>;
}

/** `PORT` as a port number, or 3000. */
function portOf(value: string | undefined): number {
  const port = value !== undefined && /^\d{1,5}$/.test(value) ? Number(value) : Number.NaN;
  return port <= 65535 ? port : 3000;
}

/** Serves a handler with `Bun.serve`, for self-hosting behind a GRIP proxy and for local development. */
export async function serve<Env = GripEnv>(
  handler: GripHandler<Env>,
  options: ServeOptions<Env> = {},
): Promise<Server> {
  const bun = bunNamespace('serve()');
  const port = options.port ?? portOf(bun.env.PORT);
  const work = pendingWork();
  const fetch = bunHandler(handler, options, work);
  const hostname = options.hostname ?? '127.0.0.1';
  const server = bun.serve({ port, hostname, idleTimeout: options.idleTimeout ?? 30, fetch });
  const bound = server.port ?? port;
  const host = hostname.includes(':') ? `[${hostname}]` : hostname;
  return {
    port: bound,
    url: `http://${host}:${bound}`,
    async close() {
      await server.stop(true);
      await work.settle();
    },
  };
}
