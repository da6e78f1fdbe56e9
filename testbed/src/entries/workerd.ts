import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import type { OriginEntry } from './types.js';

const entriesDir = fileURLToPath(new URL('.', import.meta.url));

// The conformance app behind @faas-grip/cloudflare's handle(), as a Worker's
// entry module would export it.
const workerSource = `
import { handle } from '@faas-grip/cloudflare';
import { conformanceApp } from '../app/index.js';
export default handle(conformanceApp);
`;

/** Bundles the Worker the way wrangler does without nodejs_compat. */
async function bundle(): Promise<string> {
  const result = await build({
    stdin: { contents: workerSource, resolveDir: entriesDir, sourcefile: 'worker.ts', loader: 'ts' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    conditions: ['workerd', 'worker', 'browser'],
    target: 'es2022',
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]?.text;
  if (code === undefined) throw new Error('esbuild produced no Worker bundle');
  return code;
}

let script: Promise<string> | undefined;

/**
 * The app bundled as a Cloudflare Worker and served by real workerd
 * (Miniflare) on loopback, with `env` as the Worker's bindings. No
 * `nodejs_compat`: the bundle must run on Web APIs alone, and its publishes
 * reach the proxy through the Worker's own `fetch`.
 */
export const workerdEntry: OriginEntry = {
  name: 'workerd',
  async start(env) {
    script ??= bundle();
    const mf = new Miniflare({
      modules: true,
      script: await script,
      compatibilityDate: '2026-04-01',
      bindings: env,
      host: '127.0.0.1',
      port: 0,
      // A fixed request.cf: Miniflare would otherwise try to download one.
      cf: false,
    });
    const url = await mf.ready;
    return {
      url: url.origin,
      stop: () => mf.dispose(),
    };
  },
};
