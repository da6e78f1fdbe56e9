import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/** The example chat app's Worker entry, as `wrangler deploy` would bundle it. */
export const chatWorkerEntry = fileURLToPath(new URL('../../../apps/chat/src/worker.ts', import.meta.url));

/** The same chat written straight on @fanoutio/grip: the baseline for the bundle figure. */
export const gripChatWorkerEntry = fileURLToPath(new URL('./grip-chat-worker.ts', import.meta.url));

export interface WorkerBundle {
  code: string;
  bytes: number;
  gzipBytes: number;
  /** Every module esbuild pulled in, relative to the working directory. */
  inputs: string[];
  /** Imports esbuild left outside the bundle. */
  externalImports: string[];
  /** Minified bytes each package (or each workspace package's sources) adds, largest first. */
  bytesByPackage: Array<[string, number]>;
}

/** `node_modules/.pnpm/x@1/node_modules/@scope/name/…` → `@scope/name`; `../core/dist/…` → `../core`. */
function packageOf(input: string): string {
  const inModules = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(input);
  if (inModules !== null) return inModules[1]!;
  return input.replace(/\/(src|dist|test)\/.*$/, '');
}

function sizesByPackage(inputs: Record<string, { bytesInOutput: number }>): Array<[string, number]> {
  const sizes = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(inputs)) {
    const name = packageOf(input);
    sizes.set(name, (sizes.get(name) ?? 0) + bytesInOutput);
  }
  return [...sizes].filter(([, bytes]) => bytes > 0).sort((a, b) => b[1] - a[1]);
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
    bytesByPackage: sizesByPackage(output?.inputs ?? {}),
  };
}
