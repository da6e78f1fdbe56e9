import { runtimeBinary } from './runtime-binary.js';
import { bundleApp } from './runtime-bundle.js';
import { startRuntime } from './runtime-process.js';
import type { OriginEntry } from './types.js';

/**
 * The app on `@faas-grip/deno`'s `serve` (Deno.serve) in the real Deno
 * binary, bundled first, with the permissions the package's README asks
 * for and no more: loopback network, and environment access to the GRIP
 * settings and the variables the app is given.
 */
export const denoEntry: OriginEntry = {
  name: 'deno',
  async start(env) {
    const binary = runtimeBinary('deno', 'deno', process.env.DENO_BIN);
    const names = new Set(['GRIP_*', ...Object.keys(env)]);
    return startRuntime({
      name: 'deno',
      binary,
      args: [
        'run',
        '--no-prompt',
        '--no-config',
        '--allow-net=127.0.0.1',
        `--allow-env=${[...names].join(',')}`,
      ],
      code: await bundleApp('@faas-grip/deno', 'deno'),
      env: { ...env, DENO_NO_UPDATE_CHECK: '1' },
    });
  },
};
