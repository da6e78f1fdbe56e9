import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import type { FigureResult } from '../report.js';
import { spread } from '../stats.js';

const OURS = fileURLToPath(new URL('../../../apps/chat/src/worker.ts', import.meta.url));
// The same baseline the cloudflare package's bundle test reports against: one copy of it.
const BASELINE = fileURLToPath(
  new URL('../../../packages/cloudflare/test/grip-chat-worker.ts', import.meta.url),
);
/** Bytes per KB in this table. */
const KB = 1000;
const GOAL_KB = 12;

export interface WorkerSize {
  minified: number;
  gzip: number;
}

/**
 * Bundles a Worker entry the way wrangler resolves one (workerd, worker and
 * browser conditions; no Node built-ins), minified, and gzips it.
 */
export async function workerSize(entry: string): Promise<WorkerSize> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['browser', 'module', 'main'],
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]?.contents;
  if (code === undefined) throw new Error(`esbuild wrote nothing for ${entry}`);
  return { minified: code.length, gzip: gzipSync(code).length };
}

const kb = (bytes: number) => `${(bytes / KB).toFixed(1)} KB`;

/** Figure 5: apps/chat's Worker against a naive grip chat Worker; one build each (bundling is deterministic). */
export async function bundleFigure(): Promise<FigureResult> {
  const [ours, baseline] = await Promise.all([workerSize(OURS), workerSize(BASELINE)]);
  const ratio = spread([ours.gzip / baseline.gzip]);
  const show = (size: WorkerSize) => `${kb(size.gzip)} gzip (${kb(size.minified)} minified)`;
  return {
    title: 'chat Worker bundle, esbuild minified + gzip (ratio of gzip bytes; goal on ours)',
    ratio,
    ours: show(ours),
    baseline: show(baseline),
    goal: `≤ ${GOAL_KB} KB`,
    met: ours.gzip <= GOAL_KB * KB,
    rounds: 1,
  };
}
