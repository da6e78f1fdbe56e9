import { fileURLToPath } from 'node:url';
import { runtimes } from '@faas-grip/dev/runtimes';
import type { OriginEntry } from './types.js';

const handlerModule = fileURLToPath(new URL('handler-module.ts', import.meta.url));

/** The conformance app run by one of `faas-grip dev`'s runtimes, on a free loopback port. */
export function devRuntimeEntry(name: string): OriginEntry {
  const runtime = runtimes[name];
  if (runtime === undefined) throw new Error(`@faas-grip/dev has no runtime named ${name}`);
  return {
    name,
    start: (env) =>
      // The suite reads the proxy's logs, not the runtime's.
      runtime.start({ module: handlerModule, port: 0, env, log: () => undefined }),
  };
}
