import { fileURLToPath } from 'node:url';
import { runtimeBinary } from './runtime-binary.js';
import { bundleFor } from './runtime-bundle.js';
import { startRuntime } from './runtime-process.js';
import type { OriginEntry } from './types.js';

const srcDir = fileURLToPath(new URL('..', import.meta.url));

/**
 * The Hono app of the `hono` entry (`grip()` on every path, the conformance
 * app behind `gripHandler()`), its configuration from Hono's own view of the
 * runtime's environment, served by the runtime's own server.
 */
function honoModule(listen: string): string {
  return [
    `import { grip, gripHandler } from '@faas-grip/hono';`,
    `import { Hono } from 'hono';`,
    `import { conformanceApp } from './app/index.js';`,
    'const app = new Hono();',
    `app.use('*', grip());`,
    `app.all('*', gripHandler(conformanceApp));`,
    listen,
    'console.log(JSON.stringify({ listening: url }));',
  ].join('\n');
}

function bundle(runtime: string, listen: string): Promise<string> {
  return bundleFor(runtime, {
    contents: honoModule(listen),
    resolveDir: srcDir,
    sourcefile: `hono-${runtime}-entry.ts`,
    loader: 'ts',
  });
}

/**
 * Hono on `Deno.serve`. Hono reads Deno's environment with
 * `Deno.env.toObject()`, which needs access to every variable: so
 * `--allow-env` without a list (the environment holds only what the suite
 * gives it).
 */
export const honoDenoEntry: OriginEntry = {
  name: 'hono on deno',
  async start(env) {
    return startRuntime({
      name: 'deno',
      binary: runtimeBinary('deno', 'deno', process.env.DENO_BIN),
      args: ['run', '--no-prompt', '--no-config', '--allow-net=127.0.0.1', '--allow-env'],
      code: await bundle(
        'deno',
        [
          `const server = Deno.serve({ port: 0, hostname: '127.0.0.1', onListen() {} }, app.fetch);`,
          `const url = 'http://127.0.0.1:' + server.addr.port;`,
        ].join('\n'),
      ),
      env: { ...env, DENO_NO_UPDATE_CHECK: '1' },
    });
  },
};

/** Hono on `Bun.serve`, its environment `process.env`. */
export const honoBunEntry: OriginEntry = {
  name: 'hono on bun',
  async start(env) {
    return startRuntime({
      name: 'bun',
      binary: runtimeBinary('bun', 'bin/bun.exe', process.env.BUN_BIN),
      args: ['run', '--no-install'],
      code: await bundle(
        'bun',
        [
          `const server = Bun.serve({ port: 0, hostname: '127.0.0.1', idleTimeout: 30, fetch: app.fetch });`,
          `const url = 'http://127.0.0.1:' + server.port;`,
        ].join('\n'),
      ),
      env,
    });
  },
};
