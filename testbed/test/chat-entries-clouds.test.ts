import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { HttpHandler } from '@azure/functions';
import type { NetlifyHandler } from '@faas-grip/netlify';
import { type PublishReceiver, publishReceiver, pushpinSig, wsInit } from '@faas-grip/test-support/node';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { serveAzureFunction } from '../src/entries/azure.js';
import { startNetlifyEdge } from '../src/entries/netlify-edge.js';
import { serveNetlifyFunction } from '../src/entries/netlify-function.js';
import { startRuntime } from '../src/entries/runtime-process.js';
import { freePorts } from '../src/proxies/ports.js';

const KEY = 'chat-cloud-key';
const chatDir = fileURLToPath(new URL('../../apps/chat/', import.meta.url));
const testbedModules = fileURLToPath(new URL('../node_modules', import.meta.url));
const require = createRequire(import.meta.url);

/** One Node module holding an apps/chat entry and what it imports, as the platform's bundler makes it. */
async function bundleForNode(entry: string, format: 'esm' | 'cjs', external: string[] = []): Promise<string> {
  const result = await build({
    entryPoints: [join(chatDir, entry)],
    bundle: true,
    write: false,
    format,
    platform: 'node',
    target: 'node20',
    // apps/chat does not list these adapters yet: they are found in the testbed's node_modules.
    nodePaths: [testbedModules],
    external,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fg-chat-clouds-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function written(name: string, code: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, code);
  return file;
}

interface Origin {
  url: string;
  stop(): Promise<void>;
}

const platforms: { name: string; start(env: Record<string, string>): Promise<Origin> }[] = [
  {
    name: "netlify/functions/chat.ts in Node with Netlify's documented context",
    start: async (env) => {
      const file = await written(
        'netlify-function.mjs',
        await bundleForNode('netlify/functions/chat.ts', 'esm'),
      );
      return serveNetlifyFunction(
        async () => ((await import(pathToFileURL(file).href)) as { default: NetlifyHandler }).default,
        env,
      );
    },
  },
  {
    name: "src/netlify-edge.ts in Deno with Netlify's documented context",
    start: (env) => startNetlifyEdge(join(chatDir, 'src/netlify-edge.ts'), env),
  },
  {
    name: 'src/google-cloud.ts under the functions-framework CLI (--target=chat)',
    start: async (env) => {
      // The package's bin, next to its main module (build/src/index.js).
      const main = join(dirname(require.resolve('@google-cloud/functions-framework')), 'main.js');
      const [port] = await freePorts(1);
      return startRuntime({
        name: 'functions-framework',
        binary: process.execPath,
        args: [main, '--target=chat', `--port=${port}`, '--source'],
        code: await bundleForNode('src/google-cloud.ts', 'esm'),
        env,
        url: `http://127.0.0.1:${port}`,
      });
    },
  },
  {
    name: "src/azure.ts's handler behind the stand-in Functions host (the host was not run)",
    start: async (env) => {
      const file = await written(
        'azure.cjs',
        await bundleForNode('src/azure.ts', 'cjs', ['@azure/functions-core']),
      );
      const saved = { ...process.env };
      Object.assign(process.env, env);
      // The library outside the host says it is in test mode and skips registration.
      const { chat } = require(file) as { chat: HttpHandler };
      const host = await serveAzureFunction(chat);
      return {
        url: host.url,
        async stop() {
          await host.stop();
          for (const name of Object.keys(env)) if (!(name in saved)) delete process.env[name];
        },
      };
    },
  },
];

describe.each(platforms)('apps/chat: $name', ({ start }) => {
  let receiver: PublishReceiver;
  let origin: Origin;

  beforeAll(async () => {
    receiver = await publishReceiver();
    origin = await start({ GRIP_URL: `${receiver.url}?iss=pushpin&key=${KEY}`, GRIP_PREFIX: 'chat-' });
  }, 30_000);
  afterAll(async () => {
    await origin?.stop();
    await receiver?.close();
  });

  test('refuses a request without Grip-Sig: GRIP_URL came from the platform', async () => {
    const response = await fetch(`${origin.url}/`, { signal: AbortSignal.timeout(5000) });
    expect(response.status).toBe(403);
  });

  test('serves the page to a signed GET /', async () => {
    const response = await fetch(`${origin.url}/`, {
      headers: { 'Grip-Sig': await pushpinSig('pushpin', KEY) },
      signal: AbortSignal.timeout(5000),
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>faas-grip chat</title>');
  });

  test('a chat message is published to GRIP_URL on the prefixed room', async () => {
    const response = await fetch(`${origin.url}/`, {
      ...wsInit('TEXT 5\r\nhello\r\n', { 'Grip-Sig': await pushpinSig('pushpin', KEY) }),
      signal: AbortSignal.timeout(5000),
    });
    expect(response.headers.get('content-type')).toBe('application/websocket-events');
    expect(await receiver.next()).toMatchObject({
      items: [{ channel: 'chat-room', formats: { 'ws-message': { content: 'anonymous: hello' } } }],
    });
  });
});

test('the chat Edge Function bundle, built as build:netlify-edge builds it, stays small (Netlify allows 20 MB compressed)', async () => {
  const result = await build({
    entryPoints: [join(chatDir, 'src/netlify-edge.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    conditions: ['deno', 'worker', 'browser'],
    target: 'es2022',
    minify: true,
    nodePaths: [testbedModules],
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.contents;
  const gzipped = gzipSync(code).length;
  console.log(`netlify-edge chat bundle: ${code.length} B minified, ${gzipped} B gzip`);
  expect(gzipped).toBeLessThan(32 * 1024);
});
