import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { EdgeRuntime, runServer } from 'edge-runtime';
import { build } from 'esbuild';
import type { OriginEntry } from './types.js';

const require = createRequire(import.meta.url);
const functionFile = fileURLToPath(new URL('vercel-function.ts', import.meta.url));

/**
 * The function bundled as Vercel bundles Edge Functions (browser platform,
 * `edge-light` condition), followed by `@vercel/node`'s Edge handler template,
 * which registers the fetch listener that calls the default export with
 * `{ waitUntil }`.
 */
async function edgeCode(): Promise<string> {
  const bundle = await build({
    entryPoints: [functionFile],
    bundle: true,
    write: false,
    format: 'iife',
    globalName: 'userModule',
    platform: 'browser',
    conditions: ['edge-light'],
    target: 'es2022',
    logLevel: 'silent',
  });
  const code = bundle.outputFiles[0]?.text;
  if (code === undefined) throw new Error('esbuild produced no Edge bundle');
  const template = await readFile(require.resolve('@vercel/node/dist/edge-handler-template.js'), 'utf8');
  return [
    code,
    template,
    "registerFetchListener(userModule, { isMiddleware: false, entrypointLabel: 'api' }, { Request, Response });",
  ].join('\n');
}

let code: Promise<string> | undefined;

/**
 * `vercel-function.ts` on the Edge runtime: the `edge-runtime` VM served on
 * loopback by its own server. As on Vercel, the VM has a `process.env`
 * (holding `env`) and nothing else from Node.
 */
export const vercelEdgeEntry: OriginEntry = {
  name: 'vercel-edge',
  async start(env) {
    code ??= edgeCode();
    const runtime = new EdgeRuntime({
      initialCode: await code,
      // `module` because the template ends with a CommonJS export.
      extend: (context) => Object.assign(context, { module: {}, process: { env: { ...env } } }),
    });
    const server = await runServer({ runtime, host: '127.0.0.1', port: 0 });
    return { url: server.url.replace(/\/$/, ''), stop: () => server.close() };
  },
};
