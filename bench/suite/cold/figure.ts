import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { alternate, type Sample } from '../alternate.js';
import { canPin } from '../children.js';
import { pushpinGripSig } from '../grip-sig.js';
import { VERIFY_ENV } from '../keys.js';
import { wsEventV2 } from '../lambda/event.js';
import type { FigureResult } from '../report.js';
import { median } from '../stats.js';

export interface ColdOptions {
  /** Spawns per side. */
  rounds: number;
}

// Loads the bundle, answers one event from the environment, prints the result: a Lambda's first invocation.
const RUNNER = `const { handler } = await import(process.argv[2]);
const result = await handler(JSON.parse(process.env.BENCH_EVENT));
process.stdout.write(JSON.stringify({ statusCode: result.statusCode, body: result.body }) + '\\n');
`;

/** Bundles a Lambda entry as apps/chat's `build:lambda` does: one ESM file for Node 20. */
async function bundle(entry: string, outfile: string): Promise<number> {
  await build({
    entryPoints: [fileURLToPath(new URL(entry, import.meta.url))],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
    logLevel: 'silent',
  });
  return statSync(outfile).size;
}

/** Wall time from spawn until the new process has printed its answer to one OPEN, ms. */
function coldAnswer(runner: string, bundleFile: string): Promise<Sample> {
  const env = {
    PATH: process.env.PATH ?? '',
    ...VERIFY_ENV,
    BENCH_EVENT: JSON.stringify(wsEventV2('OPEN\r\n', pushpinGripSig()())),
  };
  const node = [process.execPath, runner, bundleFile];
  const [command, ...args] = canPin(1) ? ['taskset', '-c', '1', ...node] : node;
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command as string, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    let answeredAt = 0;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      output += chunk;
      if (answeredAt === 0 && output.includes('\n')) answeredAt = performance.now();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      let answer: { statusCode?: number; body?: string } = {};
      try {
        answer = JSON.parse(output);
      } catch {
        // Reported below.
      }
      const events = Buffer.from(answer.body ?? '', 'base64').toString();
      if (code !== 0 || answer.statusCode !== 200 || !events.startsWith('OPEN')) {
        reject(new Error(`${bundleFile}: exit ${code}, answer ${JSON.stringify(output.slice(0, 200))}`));
        return;
      }
      resolve({ value: answeredAt - started });
    });
  });
}

/**
 * Figure 6: a fresh Node process imports the bundled Lambda entry and
 * answers one signed OPEN (HTTP API event), ours against the hand-written
 * grip handler bundled the same way; spawns alternate between the two.
 */
export async function coldFigure(options: ColdOptions): Promise<FigureResult> {
  const dir = await mkdtemp('/tmp/fg-bench-cold-');
  try {
    const runner = join(dir, 'runner.mjs');
    await writeFile(runner, RUNNER);
    const ours = join(dir, 'ours.mjs');
    const grip = join(dir, 'grip.mjs');
    const sizes = { ours: await bundle('entry-ours.ts', ours), grip: await bundle('entry-grip.ts', grip) };
    // Warm the page cache for node, both bundles and the runner.
    await coldAnswer(runner, ours);
    await coldAnswer(runner, grip);
    const run = await alternate(
      options.rounds,
      () => coldAnswer(runner, ours),
      () => coldAnswer(runner, grip),
    );
    const show = (samples: Sample[], bytes: number) =>
      `${median(samples.map((s) => s.value)).toFixed(1)} ms (bundle ${(bytes / 1000).toFixed(0)} KB)`;
    return {
      title: 'cold start: new Node process imports the bundled Lambda entry and answers one OPEN (wall time)',
      ratio: run.ratio,
      ours: show(run.ours, sizes.ours),
      baseline: show(run.baseline, sizes.grip),
      goal: '≤ 1.10',
      met: run.ratio.median <= 1.1,
      rounds: options.rounds,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
