/**
 * The parts of the `Deno` namespace this package uses, declared here so that
 * its types compile in any project, with or without Deno's own declarations.
 */
export interface DenoAddr {
  readonly hostname?: string;
  readonly port?: number;
}

export interface DenoHttpServer {
  /** The address bound (`port` is the one chosen for port 0). */
  readonly addr: DenoAddr;
  /** Stops listening and resolves once the requests in flight have been answered. */
  shutdown(): Promise<void>;
}

export interface DenoServeOptions {
  port: number;
  hostname: string;
  onListen(addr: DenoAddr): void;
}

export interface DenoNamespace {
  readonly env: { get(name: string): string | undefined; toObject(): Record<string, string> };
  readonly permissions: {
    querySync(descriptor: { name: 'env'; variable?: string }): { readonly state: string };
  };
  serve(
    options: DenoServeOptions,
    handler: (request: Request, info: unknown) => Response | Promise<Response>,
  ): DenoHttpServer;
}

/** The running Deno's namespace; anywhere else, an error that says what to do instead. */
export function denoNamespace(what: string): DenoNamespace {
  const deno = (globalThis as { Deno?: DenoNamespace }).Deno;
  if (deno === undefined || typeof deno.serve !== 'function') {
    throw new TypeError(`@faas-grip/deno: ${what} needs the Deno runtime (globalThis.Deno is missing)`);
  }
  return deno;
}
