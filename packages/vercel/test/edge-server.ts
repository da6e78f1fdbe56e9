import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { EdgeRuntime, runServer } from 'edge-runtime';
import { build } from 'esbuild';
import { packageDir } from './package-dir.js';

const require = createRequire(import.meta.url);

export interface RunningEdgeFunction {
  url: string;
  /** Resolves once all work the requests so far handed to `waitUntil` has settled, with its results. */
  settled(): Promise<unknown[]>;
  stop(): Promise<void>;
}

export interface EdgeFunctionOptions {
  /** Gives the VM a `process.env`, as Vercel's Edge runtime does; without it there is no `process` at all. */
  processEnv?: Record<string, string>;
}

/**
 * Runs a function file (relative to the package) in the `edge-runtime` VM, wrapped the way Vercel wraps
 * Edge Functions: bundled for the `edge-light` condition, then registered as
 * a fetch listener by `@vercel/node`'s own Edge handler template, which picks
 * the default export or the method exports and passes `{ waitUntil }`.
 */
export async function startEdgeFunction(
  entry: string,
  options: EdgeFunctionOptions = {},
): Promise<RunningEdgeFunction> {
  const bundle = await build({
    entryPoints: [join(packageDir, entry)],
    bundle: true,
    write: false,
    format: 'iife',
    globalName: 'userModule',
    platform: 'browser',
    conditions: ['edge-light'],
    target: 'es2022',
    logLevel: 'silent',
  });
  const code = bundle.outputFiles[0]?.text;
  if (code === undefined) throw new Error(`esbuild produced no output for ${entry}`);
  const template = await readFile(require.resolve('@vercel/node/dist/edge-handler-template.js'), 'utf8');
  const initialCode = [
    code,
    template,
    "registerFetchListener(userModule, { isMiddleware: false, entrypointLabel: 'api' }, { Request, Response });",
  ].join('\n');
  const runtime = new EdgeRuntime({
    initialCode,
    extend: (context) =>
      Object.assign(context, {
        // The template ends with a CommonJS export.
        module: {},
        ...(options.processEnv === undefined ? {} : { process: { env: options.processEnv } }),
      }),
  });
  const server = await runServer({ runtime, host: '127.0.0.1', port: 0 });
  return {
    url: server.url.replace(/\/$/, ''),
    settled: () => server.waitUntil(),
    stop: () => server.close(),
  };
}
