import type { GripEnv, GripHandler } from '@faas-grip/core';
import { pendingWork } from '@faas-grip/core/adapter';
import { denoNamespace } from './deno-namespace.js';
import { denoEnv } from './env.js';
import { denoHandler, type HandleOptions } from './handle.js';

/** Options for {@link serve}: where to listen, and those of `handle`. */
export interface ServeOptions<Env> extends HandleOptions<Env> {
  /** Port to listen on; 0 picks a free one (default: `PORT` if Deno may read it, else 8000). */
  port?: number;
  /** Address to bind (default 127.0.0.1: behind a proxy, the origin need not be public). */
  hostname?: string;
}

/** A running server, as {@link serve} resolves to. */
export interface Server {
  /** The port actually bound. */
  readonly port: number;
  /** `http://hostname:port`. */
  readonly url: string;
  /** Stops listening, waits for the requests in flight, then for `waitUntil` work. */
  close(): Promise<void>;
}

/** `PORT` as a port number, or Deno.serve's own default. */
function portOf(value: string | undefined): number {
  const port = value !== undefined && /^\d{1,5}$/.test(value) ? Number(value) : Number.NaN;
  return port <= 65535 ? port : 8000;
}

/** Serves a handler with `Deno.serve`, for self-hosting behind a GRIP proxy and for local development. */
export async function serve<Env = GripEnv>(
  handler: GripHandler<Env>,
  options: ServeOptions<Env> = {},
): Promise<Server> {
  const deno = denoNamespace('serve()');
  // The platform's PORT, as Node's serve reads process.env's; options.env is the handler's.
  const port = options.port ?? portOf(denoEnv(deno).PORT);
  const work = pendingWork();
  const fetch = denoHandler(handler, options, work);
  const hostname = options.hostname ?? '127.0.0.1';
  // onListen given: Deno would otherwise print its own "Listening on" line.
  const server = deno.serve({ port, hostname, onListen: () => undefined }, fetch);
  const bound = server.addr.port ?? port;
  const host = hostname.includes(':') ? `[${hostname}]` : hostname;
  return {
    port: bound,
    url: `http://${host}:${bound}`,
    async close() {
      await server.shutdown();
      await work.settle();
    },
  };
}
