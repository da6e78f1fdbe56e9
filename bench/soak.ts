/**
 * Soak: 1,000 WebSocket clients chatting through Pushpin and through the dev
 * proxy for 60 s; reports what was sent, delivered, lost and duplicated, the
 * latency, and the origin's CPU per message. Not part of the test run.
 * Run: pnpm --filter @faas-grip/bench soak [--clients N] [--seconds N] [--proxy pushpin|dev|both]
 */

import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSoakArgs, type SoakOptions } from './soak/args.js';
import { type Environment, markdown } from './soak/report.js';
import { type SoakResult, soak } from './soak/run.js';

function quietly(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

function environment(args: string[]): Environment {
  const pushpin = quietly('pushpin', ['--version']);
  return {
    date: `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    commit: quietly('git', ['rev-parse', '--short', 'HEAD']),
    node: process.version,
    pushpin: pushpin.replace(/^pushpin/, 'Pushpin'),
    cpus: `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}`,
    loadBefore: loadavg()
      .map((n) => n.toFixed(2))
      .join(' '),
    command: ['pnpm --filter @faas-grip/bench soak', ...args].join(' '),
  };
}

const args = process.argv.slice(2).filter((arg) => arg !== '--');
let options: SoakOptions;
try {
  options = parseSoakArgs(args);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(2);
}

// Every step has its own deadline; this one catches whatever slips through, so the soak always ends.
const budgetMs = options.proxies.length * options.origins.length * (options.seconds * 1000 + 240_000);
setTimeout(() => {
  console.error(`[soak] gave up after ${budgetMs / 1000} s`);
  process.exit(1);
}, budgetMs).unref();

const env = environment(args);
const results: SoakResult[] = [];
for (const proxy of options.proxies) {
  for (const origin of options.origins) {
    const label = `${proxy}${options.origins.length > 1 ? ` · ${origin}` : ''}`;
    results.push(await soak(proxy, origin, options, (line) => console.log(`[soak] ${label}: ${line}`)));
  }
}
const text = markdown(results, options, env);
const file =
  options.out === undefined
    ? fileURLToPath(new URL('./results/soak.md', import.meta.url))
    : resolve(options.out);
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, text);
console.log(`\n${text}`);
console.log(`Written to ${file}`);
// A failed delivery is the soak's finding, not a crash: exit non-zero so scripts notice.
process.exitCode = results.some((r) => r.delivery.lost > 0 || r.connected < r.clients) ? 1 : 0;
