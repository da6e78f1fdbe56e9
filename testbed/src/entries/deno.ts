import { runtimeBinary } from './runtime-binary.js';
import { bundleApp } from './runtime-bundle.js';
import { type RuntimeProcess, startRuntime } from './runtime-process.js';
import type { OriginEntry } from './types.js';

/**
 * The app on `@faas-grip/deno`'s `serve` (Deno.serve) in the real Deno
 * binary, bundled first, with network access to loopback only and
 * environment access to `allowEnv` only.
 */
export async function startDeno(
  env: Record<string, string>,
  allowEnv: readonly string[],
): Promise<RuntimeProcess> {
  return startRuntime({
    name: 'deno',
    binary: runtimeBinary('deno', 'deno', process.env.DENO_BIN),
    args: ['run', '--no-prompt', '--no-config', '--allow-net=127.0.0.1', `--allow-env=${allowEnv.join(',')}`],
    code: await bundleApp('@faas-grip/deno', 'deno'),
    env: { ...env, DENO_NO_UPDATE_CHECK: '1' },
  });
}

/**
 * The Deno entry with the permissions the package's README asks for and no
 * more: loopback network, and the GRIP settings and the app's own variables.
 */
export const denoEntry: OriginEntry = {
  name: 'deno',
  start: (env) => startDeno(env, [...new Set(['GRIP_*', ...Object.keys(env)])]),
};
