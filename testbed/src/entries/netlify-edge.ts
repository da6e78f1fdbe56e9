import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { runtimeBinary } from './runtime-binary.js';
import { startRuntime } from './runtime-process.js';
import type { OriginEntry } from './types.js';

const entriesDir = fileURLToPath(new URL('.', import.meta.url));
const testbedModules = fileURLToPath(new URL('../../node_modules', import.meta.url));

/**
 * The Edge Function and a stand-in for Netlify's edge host as one ES module
 * for Deno: Netlify bundles an Edge Function's npm imports the same way.
 * The host serves on a free loopback port with `Deno.serve`, passes the
 * Context Netlify documents (with `waitUntil`), and installs the `Netlify`
 * global with `env` as `Netlify.env`.
 */
async function edgeBundle(functionFile: string, env: Record<string, string>): Promise<string> {
  const result = await build({
    stdin: {
      contents: [
        `import edgeFunction from ${JSON.stringify(functionFile)};`,
        "import { serveEdgeFunction } from './netlify-edge-host.js';",
        `serveEdgeFunction(edgeFunction, ${JSON.stringify(env)});`,
      ].join('\n'),
      resolveDir: entriesDir,
      sourcefile: 'netlify-edge-entry.ts',
      loader: 'ts',
    },
    bundle: true,
    write: false,
    format: 'esm',
    // Web APIs only: a Node built-in anywhere in the graph fails the build.
    platform: 'neutral',
    mainFields: ['module', 'main'],
    conditions: ['deno', 'worker', 'browser'],
    // A package the function's own workspace package does not list is found in the testbed's.
    nodePaths: [testbedModules],
    target: 'es2022',
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]?.text;
  if (code === undefined) throw new Error('esbuild produced no Netlify Edge bundle');
  return code;
}

/**
 * An Edge Function file (its default export) in the real Deno binary:
 * Netlify's CLI and edge runtime are not installed here, so the function
 * runs in Deno with the Context Netlify documents.
 */
export async function startNetlifyEdge(functionFile: string, env: Record<string, string>) {
  const binary = runtimeBinary('deno', 'deno', process.env.DENO_BIN);
  return startRuntime({
    name: 'netlify-edge',
    binary,
    // Netlify.env is the stand-in's: the process needs no environment access.
    args: ['run', '--no-prompt', '--no-config', '--allow-net=127.0.0.1'],
    code: await edgeBundle(functionFile, env),
    env: { DENO_NO_UPDATE_CHECK: '1' },
  });
}

/** The app as a Netlify Edge Function, `export default handle(app)`, in Deno with Netlify's documented context. */
export const netlifyEdgeEntry: OriginEntry = {
  name: "netlify-edge (in Deno with Netlify's documented context)",
  start: (env) => startNetlifyEdge(fileURLToPath(new URL('netlify-edge-function.ts', import.meta.url)), env),
};
