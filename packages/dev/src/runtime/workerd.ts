import { dirname } from 'node:path';
import { adapterEntry, loadOptional } from './optional.js';
import type { Runtime } from './types.js';

/**
 * The handler bundled as a Cloudflare Worker (`handle()` from
 * `@faas-grip/cloudflare`, no `nodejs_compat`) and run in real workerd
 * through Miniflare, with the environment as the Worker's bindings.
 */
export const workerdRuntime: Runtime = {
  name: 'workerd',
  description: 'Cloudflare Worker in workerd via Miniflare (@faas-grip/cloudflare)',
  async start({ module, port, env }) {
    const esbuild = await loadOptional<typeof import('esbuild')>(
      'esbuild',
      'workerd',
      'to bundle the Worker',
    );
    const { Miniflare } = await loadOptional<typeof import('miniflare')>(
      'miniflare',
      'workerd',
      'to run workerd',
    );
    const result = await esbuild.build({
      stdin: {
        contents: adapterEntry('@faas-grip/cloudflare', module),
        resolveDir: dirname(module),
        sourcefile: 'worker-entry.ts',
        loader: 'ts',
      },
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      conditions: ['workerd', 'worker', 'browser'],
      target: 'es2022',
      logLevel: 'silent',
    });
    const script = result.outputFiles[0]?.text;
    if (script === undefined) throw new Error('esbuild produced no Worker bundle');
    const mf = new Miniflare({
      modules: true,
      script,
      compatibilityDate: '2026-04-01',
      bindings: env,
      host: '127.0.0.1',
      port,
      // A fixed request.cf: Miniflare would otherwise download one.
      cf: false,
    });
    const url = await mf.ready;
    return { url: url.origin, stop: () => mf.dispose() };
  },
};
