import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Runtime } from './types.js';

async function load<T>(name: string, why: string): Promise<T> {
  try {
    return (await import(name)) as T;
  } catch (cause) {
    throw new Error(`--runtime workerd needs ${name} (${why}): install it next to @faas-grip/dev`, { cause });
  }
}

/**
 * The handler bundled as a Cloudflare Worker (`handle()` from
 * `@faas-grip/cloudflare`, no `nodejs_compat`) and run in real workerd
 * through Miniflare, with the environment as the Worker's bindings.
 */
export const workerdRuntime: Runtime = {
  name: 'workerd',
  description: 'Cloudflare Worker in workerd via Miniflare (@faas-grip/cloudflare)',
  async start({ module, port, env }) {
    const esbuild = await load<typeof import('esbuild')>('esbuild', 'to bundle the Worker');
    const { Miniflare } = await load<typeof import('miniflare')>('miniflare', 'to run workerd');
    // The generated entry must resolve @faas-grip/cloudflare from here, not from the user's folder.
    const resolved = import.meta.resolve?.('@faas-grip/cloudflare');
    const cloudflare = resolved?.startsWith('file:') ? fileURLToPath(resolved) : '@faas-grip/cloudflare';
    const source = [
      `import { handle } from ${JSON.stringify(cloudflare)};`,
      `import * as mod from ${JSON.stringify(module)};`,
      'const handler = mod.default ?? mod.handler;',
      `if (typeof handler !== 'function') throw new TypeError(${JSON.stringify(`${module} exports no handler: export a GripHandler as default or as "handler"`)});`,
      'export default handle(handler);',
    ].join('\n');
    const result = await esbuild.build({
      stdin: { contents: source, resolveDir: dirname(module), sourcefile: 'worker-entry.ts', loader: 'ts' },
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
      cf: false,
    });
    const url = await mf.ready;
    return { url: url.origin, stop: () => mf.dispose() };
  },
};
