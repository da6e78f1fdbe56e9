import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runOk } from './run.js';
import type { EntryPoint } from './workspace.js';

/** Runs a JavaScript file with Node in the installed app, returning what it printed. */
export function node(installDir: string, file: string, args: readonly string[] = []): Promise<string> {
  return runOk(process.execPath, [file, ...args], { cwd: installDir, timeoutMs: 30_000 });
}

/** A script that loads every entry point once with import() and once with require(). */
export function writeLoadScript(installDir: string, entries: readonly EntryPoint[]): string {
  const file = join(installDir, 'load-entries.mjs');
  const specifiers = JSON.stringify(entries.map((e) => e.specifier));
  writeFileSync(
    file,
    `import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const loaded = [];
for (const specifier of ${specifiers}) {
  const esm = await import(specifier);
  const cjs = require(specifier);
  loaded.push({ specifier, esm: Object.keys(esm).length, cjs: Object.keys(cjs).length });
}
console.log(JSON.stringify(loaded));
`,
  );
  return file;
}

export interface BundleFigures {
  bytes: number;
  gzipBytes: number;
  inputs: string[];
}

/**
 * A script that bundles the Worker with the installed esbuild as a Workers
 * build does: neutral platform (no Node built-ins resolve), the worker and
 * browser export conditions, minified.
 */
export function writeBundleScript(installDir: string, entry: string): string {
  const file = join(installDir, 'bundle-worker.mjs');
  writeFileSync(
    file,
    `import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
const result = await build({
  entryPoints: [${JSON.stringify(entry)}],
  bundle: true,
  platform: 'neutral',
  format: 'esm',
  target: 'es2022',
  mainFields: ['module', 'main'],
  conditions: ['workerd', 'worker', 'browser'],
  external: ['cloudflare:*'],
  minify: true,
  write: false,
  metafile: true,
});
const bytes = result.outputFiles[0].contents;
console.log(JSON.stringify({
  bytes: bytes.length,
  gzipBytes: gzipSync(bytes).length,
  inputs: Object.keys(result.metafile.inputs),
}));
`,
  );
  return file;
}
