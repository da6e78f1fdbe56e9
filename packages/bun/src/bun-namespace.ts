/**
 * The parts of the `Bun` namespace this package uses, declared here so that
 * its types compile in any project, with or without `@types/bun`.
 */
export interface BunServer {
  /** The port bound (`port` is the one chosen for port 0). */
  readonly port: number | undefined;
  /**
   * Stops listening; with `true`, also ends the requests in flight. Resolves
   * once every connection is closed.
   */
  stop(closeActiveConnections?: boolean): Promise<void> | void;
}

export interface BunServeOptions {
  port: number;
  hostname: string;
  idleTimeout: number;
  fetch(request: Request, server: unknown): Promise<Response>;
}

export interface BunNamespace {
  readonly env: Record<string, string | undefined>;
  serve(options: BunServeOptions): BunServer;
}

/** The running Bun's namespace; anywhere else, an error that says what to do instead. */
export function bunNamespace(what: string): BunNamespace {
  const bun = (globalThis as { Bun?: BunNamespace }).Bun;
  if (bun === undefined || typeof bun.serve !== 'function') {
    throw new TypeError(`@faas-grip/bun: ${what} needs the Bun runtime (globalThis.Bun is missing)`);
  }
  return bun;
}
