import type { BunNamespace, BunServeOptions } from './bun-namespace.js';

export interface FakeBun extends BunNamespace {
  /** What the last serve() call received. */
  served?: BunServeOptions;
  /** The server's stop() calls and other events, in order. */
  readonly events: string[];
}

/** A stand-in for the Bun namespace with `env` as `Bun.env`. */
export function fakeBun(env: Record<string, string | undefined>): FakeBun {
  const fake: FakeBun = {
    env,
    events: [],
    serve(options) {
      fake.served = options;
      return {
        port: options.port === 0 ? 41235 : options.port,
        async stop(closeActiveConnections) {
          fake.events.push(`stop(${closeActiveConnections})`);
        },
      };
    },
  };
  return fake;
}
