import type { DenoNamespace, DenoServeOptions } from './deno-namespace.js';

export interface FakeDeno extends DenoNamespace {
  /** Names Deno was asked for with env.get. */
  readonly reads: string[];
  /** What the last serve() call received. */
  served?: { options: DenoServeOptions; handler: (request: Request, info: unknown) => Promise<Response> };
  /** Calls of the server's shutdown(), in order with other events. */
  readonly events: string[];
}

/**
 * A stand-in for the Deno namespace: `vars` is the process environment,
 * `granted` the names `--allow-env` lists (`'*'` for all of them). Reading
 * a variable that was not granted throws, as Deno does without a terminal.
 */
export function fakeDeno(vars: Record<string, string>, granted: readonly string[]): FakeDeno {
  const allows = (name: string) => granted.includes('*') || granted.includes(name);
  const fake: FakeDeno = {
    reads: [],
    events: [],
    env: {
      get(name) {
        fake.reads.push(name);
        if (!allows(name)) throw new Error(`NotCapable: Requires env access to "${name}"`);
        return vars[name];
      },
      toObject() {
        if (!granted.includes('*')) throw new Error('NotCapable: Requires env access');
        return { ...vars };
      },
    },
    permissions: {
      querySync({ variable }) {
        if (variable === '') throw new TypeError('Empty environment variable name');
        if (variable === undefined) return { state: granted.includes('*') ? 'granted' : 'prompt' };
        return { state: allows(variable) ? 'granted' : 'prompt' };
      },
    },
    serve(options, handler) {
      fake.served = { options, handler: async (request, info) => handler(request, info) };
      return {
        addr: { hostname: options.hostname, port: options.port === 0 ? 41234 : options.port },
        async shutdown() {
          fake.events.push('shutdown');
        },
      };
    },
  };
  return fake;
}
