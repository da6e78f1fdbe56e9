/**
 * `pnpm bench`: the project's figures against hand-written @fanoutio/grip
 * baselines, each side measured alternately in the same run. Prints a
 * Markdown table and writes it to bench/results/bench.md.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { type FigureName, parseBenchArgs } from './args.js';
import { bundleFigure } from './bundle/figure.js';
import { coldFigure } from './cold/figure.js';
import { lambdaFigure } from './lambda/in-process.js';
import { nodeOriginFigure } from './node-origin.js';
import { pushpinFigure } from './pushpin/figure.js';
import { type FigureResult, markdownTable } from './report.js';

let args: ReturnType<typeof parseBenchArgs>;
try {
  args = parseBenchArgs(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
}
const figures: Record<FigureName, () => Promise<FigureResult | FigureResult[]>> = {
  node: () => nodeOriginFigure({ rounds: args.rounds, seconds: args.seconds, connections: 10 }),
  lambda: () => lambdaFigure({ rounds: args.rounds, millis: 600, verify: true }),
  'lambda-nokey': () => lambdaFigure({ rounds: args.rounds, millis: 600, verify: false }),
  pushpin: () => pushpinFigure({ rounds: args.rounds, seconds: args.seconds, clients: 50 }),
  bundle: () => bundleFigure(),
  cold: () => coldFigure({ rounds: args.coldRounds }),
};

const results: FigureResult[] = [];
const started = Date.now();
const loadBefore = loadavg()[0] ?? 0;
let failed = false;
for (const name of args.only) {
  const t0 = Date.now();
  process.stderr.write(`[bench] ${name} …\n`);
  try {
    results.push(...[await figures[name]()].flat());
  } catch (error) {
    failed = true;
    console.error(`[bench] ${name} failed:`, error);
  }
  process.stderr.write(`[bench] ${name} took ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
}
const table = markdownTable(results);
// Other processes on the machine skew every figure; the load average says how busy it was.
const setting = `${new Date().toISOString()}, Node ${process.version}, ${availableParallelism()} CPUs, load average ${loadBefore.toFixed(1)} at the start and ${(loadavg()[0] ?? 0).toFixed(1)} at the end, ${((Date.now() - started) / 1000).toFixed(0)} s.`;
console.log(`\n${table}\n\n${setting}\n`);
const out = resolve(args.out);
await mkdir(dirname(out), { recursive: true });
await writeFile(out, `${table}\n\n${setting}\n`);
process.stderr.write(`[bench] wrote ${out} in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
process.exit(failed ? 1 : 0);
