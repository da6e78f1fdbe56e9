import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { describeFeedEntry } from '../src/suite/feed-entry.js';

const workerEntry = fileURLToPath(new URL('../../apps/feed/src/worker.ts', import.meta.url));

// The feed's Worker entry as `wrangler deploy` would ship it: bundled, run in
// workerd with its history in a Durable Object (`EventLogDurableObject` bound
// as FEED_LOG).
describeFeedEntry('Cloudflare Worker (src/worker.ts, Durable Object log)', async (env, undo) => {
  const bundle = await build({
    entryPoints: [workerEntry],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    conditions: ['workerd', 'worker', 'browser'],
    target: 'es2022',
    logLevel: 'silent',
  });
  const script = bundle.outputFiles[0]?.text;
  if (script === undefined) throw new Error('esbuild produced no Worker bundle');
  const worker = new Miniflare({
    modules: true,
    script,
    compatibilityDate: '2026-04-01',
    bindings: env,
    durableObjects: { FEED_LOG: { className: 'EventLogDurableObject', useSQLite: true } },
    host: '127.0.0.1',
    // A port of the kernel's choosing, which ready reports.
    port: 0,
    cf: false,
  });
  undo(() => worker.dispose());
  return { url: (await worker.ready).origin, stop: () => worker.dispose() };
});
