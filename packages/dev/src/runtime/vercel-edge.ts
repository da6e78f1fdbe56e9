import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { adapterEntry, loadOptional } from './optional.js';
import type { Runtime } from './types.js';

/**
 * The handler as a Vercel Edge Function (`handle()` from `@faas-grip/vercel`):
 * bundled as Vercel bundles Edge code (`edge-light` condition), wrapped in
 * `@vercel/node`'s Edge handler template (which passes `waitUntil`), and run
 * in the `edge-runtime` VM with only `process.env` from Node.
 */
export const vercelEdgeRuntime: Runtime = {
  name: 'vercel-edge',
  description: 'Vercel Edge Function in the edge-runtime VM (@faas-grip/vercel)',
  async start({ module, port, env }) {
    const esbuild = await loadOptional<typeof import('esbuild')>(
      'esbuild',
      'vercel-edge',
      'to bundle the function',
    );
    const { EdgeRuntime, runServer } = await loadOptional<typeof import('edge-runtime')>(
      'edge-runtime',
      'vercel-edge',
      'to run the Edge VM',
    );
    let template: string;
    try {
      template = await readFile(
        createRequire(import.meta.url).resolve('@vercel/node/dist/edge-handler-template.js'),
        'utf8',
      );
    } catch (cause) {
      throw new Error('--runtime vercel-edge needs @vercel/node (its Edge handler template)', { cause });
    }
    const result = await esbuild.build({
      stdin: {
        contents: adapterEntry('@faas-grip/vercel', module),
        resolveDir: dirname(module),
        sourcefile: 'edge-entry.ts',
        loader: 'ts',
      },
      bundle: true,
      write: false,
      format: 'iife',
      globalName: 'userModule',
      platform: 'browser',
      conditions: ['edge-light'],
      target: 'es2022',
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]?.text;
    if (code === undefined) throw new Error('esbuild produced no Edge bundle');
    const runtime = new EdgeRuntime({
      initialCode: [
        code,
        template,
        "registerFetchListener(userModule, { isMiddleware: false, entrypointLabel: 'api' }, { Request, Response });",
      ].join('\n'),
      // `module` because the template ends with a CommonJS export.
      extend: (context) => Object.assign(context, { module: {}, process: { env: { ...env } } }),
    });
    const server = await runServer({ runtime, host: '127.0.0.1', port });
    return { url: server.url.replace(/\/$/, ''), stop: () => server.close() };
  },
};
