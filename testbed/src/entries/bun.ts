import { runtimeBinary } from './runtime-binary.js';
import { bundleApp } from './runtime-bundle.js';
import { startRuntime } from './runtime-process.js';
import type { OriginEntry } from './types.js';

/** The app on `@faas-grip/bun`'s `serve` (Bun.serve) in the real Bun binary, bundled first. */
export const bunEntry: OriginEntry = {
  name: 'bun',
  async start(env) {
    return startRuntime({
      name: 'bun',
      binary: runtimeBinary('bun', 'bin/bun.exe', process.env.BUN_BIN),
      args: ['run', '--no-install'],
      code: await bundleApp('@faas-grip/bun', 'bun'),
      env,
    });
  },
};
