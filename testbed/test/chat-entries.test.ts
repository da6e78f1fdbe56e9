import { fileURLToPath } from 'node:url';
import { type PublishReceiver, publishReceiver, pushpinSig, wsInit } from '@faas-grip/test-support/node';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runtimeBinary } from '../src/entries/runtime-binary.js';
import { bundleFor } from '../src/entries/runtime-bundle.js';
import { type RuntimeProcess, startRuntime } from '../src/entries/runtime-process.js';
import { freePorts } from '../src/proxies/ports.js';

const KEY = 'chat-entry-key';

function chatEntry(file: string): string {
  return fileURLToPath(new URL(`../../apps/chat/src/${file}`, import.meta.url));
}

interface Shape {
  name: string;
  /** Starts the bundled entry the way its platform runs a default export. */
  start(code: string, port: number, env: Record<string, string>): Promise<RuntimeProcess>;
  file: string;
}

// The deploy entries of the example app, each run as its platform runs a
// module's default export: `deno serve` (also what Deno Deploy does) and
// `bun run`.
const shapes: Shape[] = [
  {
    name: 'deno serve',
    file: 'deno.ts',
    start: (code, port, env) =>
      startRuntime({
        name: 'deno',
        binary: runtimeBinary('deno', 'deno', process.env.DENO_BIN),
        args: [
          'serve',
          '--no-prompt',
          '--no-config',
          '--host=127.0.0.1',
          `--port=${port}`,
          '--allow-net=127.0.0.1',
          '--allow-env=GRIP_*',
        ],
        code,
        env: { ...env, DENO_NO_UPDATE_CHECK: '1' },
        url: `http://127.0.0.1:${port}/`,
      }),
  },
  {
    name: 'bun run',
    file: 'bun.ts',
    start: (code, port, env) =>
      startRuntime({
        name: 'bun',
        binary: runtimeBinary('bun', 'bin/bun.exe', process.env.BUN_BIN),
        args: ['run', '--no-install'],
        code,
        env: { ...env, PORT: String(port) },
        url: `http://127.0.0.1:${port}/`,
      }),
  },
];

describe.each(shapes)('apps/chat/src/$file under $name', ({ name, file, start }) => {
  let receiver: PublishReceiver;
  let origin: RuntimeProcess;

  beforeAll(async () => {
    receiver = await publishReceiver();
    const runtime = name.startsWith('deno') ? 'deno' : 'bun';
    const [port] = await freePorts(1);
    origin = await start(await bundleFor(runtime, chatEntry(file)), port!, {
      GRIP_URL: `${receiver.url}?iss=pushpin&key=${KEY}`,
      GRIP_PREFIX: 'chat-',
    });
  }, 30_000);
  afterAll(async () => {
    await origin?.stop();
    await receiver?.close();
  });

  test('refuses a request without Grip-Sig: GRIP_URL came from the environment', async () => {
    const response = await fetch(`${origin.url}`, { signal: AbortSignal.timeout(5000) });
    expect(response.status).toBe(403);
  });

  test('serves the page to a signed GET /', async () => {
    const response = await fetch(`${origin.url}`, {
      headers: { 'Grip-Sig': await pushpinSig('pushpin', KEY) },
      signal: AbortSignal.timeout(5000),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
  });

  test('a chat message is published to GRIP_URL on the prefixed room', async () => {
    const response = await fetch(`${origin.url}`, {
      ...wsInit('TEXT 5\r\nhello\r\n', { 'Grip-Sig': await pushpinSig('pushpin', KEY) }),
      signal: AbortSignal.timeout(5000),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/websocket-events');
    expect(await receiver.next()).toMatchObject({
      items: [{ channel: 'chat-room', formats: { 'ws-message': { content: 'anonymous: hello' } } }],
    });
  });
});
