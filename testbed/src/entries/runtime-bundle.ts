import { fileURLToPath } from 'node:url';
import { build, type StdinOptions } from 'esbuild';

const srcDir = fileURLToPath(new URL('..', import.meta.url));
const testbedModules = fileURLToPath(new URL('../../node_modules', import.meta.url));

/**
 * One ES module holding `entry` and everything it imports, built for a
 * runtime that does not read the workspace's node_modules (`runtime` is the
 * export condition it would pick). A package the entry's own workspace
 * package does not list is found in the testbed's node_modules.
 */
export async function bundleFor(runtime: string, entry: string | StdinOptions): Promise<string> {
  const result = await build({
    ...(typeof entry === 'string' ? { entryPoints: [entry] } : { stdin: entry }),
    bundle: true,
    write: false,
    format: 'esm',
    // Web APIs only: a Node built-in anywhere in the graph fails the build.
    platform: 'neutral',
    mainFields: ['module', 'main'],
    conditions: [runtime],
    nodePaths: [testbedModules],
    target: 'es2022',
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]?.text;
  if (code === undefined) throw new Error(`esbuild produced no ${runtime} bundle`);
  return code;
}

/**
 * The conformance app on an adapter's `serve`, as one module: `serve` listens
 * on a free loopback port and the module prints `{"listening":"<url>"}` on
 * stdout once it does.
 */
export function bundleApp(adapter: string, runtime: string): Promise<string> {
  return bundleFor(runtime, {
    contents: [
      `import { serve } from '${adapter}';`,
      `import { conformanceApp } from './app/index.js';`,
      `const server = await serve(conformanceApp, { port: 0, hostname: '127.0.0.1' });`,
      `console.log(JSON.stringify({ listening: server.url }));`,
    ].join('\n'),
    resolveDir: srcDir,
    sourcefile: `${runtime}-entry.ts`,
    loader: 'ts',
  });
}
