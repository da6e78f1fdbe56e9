import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/** The example chat app's Worker entry, as `wrangler deploy` would bundle it. */
export const chatWorkerEntry = fileURLToPath(new URL('../../../apps/chat/src/worker.ts', import.meta.url));

export interface WorkerBundle {
  code: string;
  bytes: number;
  gzipBytes: number;
  /** Every module esbuild pulled in, relative to the working directory. */
  inputs: string[];
  /** Imports esbuild left outside the bundle. */
  externalImports: string[];
}

/**
 * Bundles a Worker entry the way wrangler does without `nodejs_compat`:
 * platform `browser`, conditions `workerd`, `worker`, `browser`, ESM, minified.
 * A Node built-in anywhere in the graph fails the build, because the browser
 * platform cannot resolve it.
 */
export async function bundleWorker(entry: string): Promise<WorkerBundle> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    conditions: ['workerd', 'worker', 'browser'],
    target: 'es2022',
    minify: true,
    metafile: true,
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const file = result.outputFiles[0];
  if (file === undefined) throw new Error(`esbuild produced no output for ${entry}`);
  const output = Object.values(result.metafile.outputs)[0];
  return {
    code: file.text,
    bytes: file.contents.byteLength,
    gzipBytes: gzipSync(file.contents, { level: 9 }).byteLength,
    inputs: Object.keys(result.metafile.inputs),
    externalImports: (output?.imports ?? []).filter((i) => i.external).map((i) => i.path),
  };
}
