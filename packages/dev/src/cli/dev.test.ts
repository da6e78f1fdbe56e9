import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { freePort } from './ports.js';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(packageDir, 'dist/cli.js');

/** A handler module in a folder that resolves this workspace's packages. */
function handlerSource(version: string): string {
  return `import { getWebSocket, isWebSocketOverHttp } from '@faas-grip/core';

export async function handler(request: Request): Promise<Response> {
  if (!isWebSocketOverHttp(request)) return new Response('${version}\\n');
  const ws = await getWebSocket(request);
  if (ws.isOpening()) {
    ws.accept();
    ws.subscribe('news');
  }
  while (ws.canRecv()) {
    const message = ws.recv();
    if (message === null) {
      ws.close();
      break;
    }
    ws.send('${version} ' + message);
  }
  return ws.toResponse();
}
`;
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function fixture(version: string): Promise<string> {
  const cache = join(packageDir, 'node_modules/.cache');
  await mkdir(cache, { recursive: true });
  const dir = await mkdtemp(join(cache, 'cli-test-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  // Inside node_modules a folder needs its own package.json to be ESM.
  await writeFile(join(dir, 'package.json'), '{"type":"module"}\n');
  const file = join(dir, 'handler.ts');
  await writeFile(file, handlerSource(version));
  return file;
}

/** Runs the real `faas-grip` bin and collects its output. */
function run(args: string[]): {
  child: ChildProcess;
  output: () => string;
  waitFor(pattern: RegExp): Promise<RegExpMatchArray>;
} {
  const child = spawn(process.execPath, [cli, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  let text = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  cleanups.push(async () => {
    child.kill('SIGTERM');
    await exited;
  });
  return {
    child,
    output: () => text,
    async waitFor(pattern) {
      const deadline = Date.now() + 20_000;
      while (Date.now() < deadline) {
        const match = pattern.exec(text);
        if (match !== null) return match;
        if (child.exitCode !== null) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error(`faas-grip output never matched ${pattern}:\n${text}`);
    },
  };
}

function socket(url: string): Promise<{ ws: WebSocket; next(): Promise<string> }> {
  const ws = new WebSocket(url);
  const queue: string[] = [];
  let wake: (() => void) | undefined;
  ws.on('message', (data) => {
    queue.push(String(data));
    wake?.();
  });
  cleanups.push(() => ws.terminate());
  const next = async () => {
    const deadline = Date.now() + 10_000;
    while (queue.length === 0) {
      if (Date.now() > deadline) throw new Error('no message within 10 s');
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, 50);
      });
    }
    return queue.shift()!;
  };
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, next }));
    ws.once('error', reject);
  });
}

describe('faas-grip dev', () => {
  it('prints usage and fails on a missing module', async () => {
    const cmd = run(['dev']);
    await new Promise((resolve) => cmd.child.once('exit', resolve));
    expect(cmd.child.exitCode).toBe(1);
    expect(cmd.output()).toMatch(/Missing the handler module[\s\S]*Usage: faas-grip dev/);
  });

  it('serves a handler module behind the embedded proxy, logs the connection, and reloads it on change', async () => {
    const file = await fixture('v1');
    const cmd = run(['dev', file, '--port', '0', '--publish-port', '0']);
    const [, url] = await cmd.waitFor(/Open\s+(http:\S+)\//);
    const [, publishUrl] = await cmd.waitFor(/Publish\s+(http:\S+)/);
    expect(await (await fetch(`${url}/`)).text()).toBe('v1\n');

    const { ws, next } = await socket(`${url!.replace('http:', 'ws:')}/ws`);
    ws.send('hello');
    expect(await next()).toBe('v1 hello');
    await cmd.waitFor(/ws \w+\s+subscribed news/);
    await cmd.waitFor(/client → TEXT "hello"/);

    await writeFile(file, handlerSource('v2'));
    await cmd.waitFor(/reloading: .*handler\.ts changed[\s\S]*node handler ready/);
    // The proxy held the client's connection through the restart.
    ws.send('again');
    expect(await next()).toBe('v2 again');
    expect(await (await fetch(`${url}/`)).text()).toBe('v2\n');

    await fetch(publishUrl!, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ items: [{ channel: 'news', formats: { 'ws-message': { content: 'extra' } } }] }),
    });
    expect(await next()).toBe('extra');
    await cmd.waitFor(/publish\s+channel=news ws-message receivers=1/);
  }, 40_000);

  it.each(['lambda-rest', 'lambda-http-api', 'lambda-function-url', 'lambda-alb', 'workerd', 'vercel-edge'])(
    'serves the same handler module with --runtime %s',
    async (runtime) => {
      const file = await fixture(runtime);
      const cmd = run([
        'dev',
        file,
        '--runtime',
        runtime,
        '--port',
        '0',
        '--publish-port',
        '0',
        '--no-watch',
      ]);
      const [, url] = await cmd.waitFor(/Open\s+(http:\S+)\//);
      expect(cmd.output()).toContain(`on ${runtime}, behind the embedded proxy`);
      expect(await (await fetch(`${url}/`)).text()).toBe(`${runtime}\n`);
      const { ws, next } = await socket(`${url!.replace('http:', 'ws:')}/ws`);
      ws.send('bytes é ✓');
      expect(await next()).toBe(`${runtime} bytes é ✓`);
    },
    40_000,
  );

  it('runs the same handler in front of a real Pushpin with --proxy pushpin', async () => {
    const file = await fixture('pp');
    const [port, publishPort] = [await freePort(), await freePort()];
    const cmd = run([
      'dev',
      file,
      '--proxy',
      'pushpin',
      '--port',
      String(port),
      '--publish-port',
      String(publishPort),
      '--no-watch',
    ]);
    const [, url] = await cmd.waitFor(/Open\s+(http:\S+)\//);
    const { ws, next } = await socket(`${url!.replace('http:', 'ws:')}/ws`);
    ws.send('hi');
    expect(await next()).toBe('pp hi');
  }, 40_000);
});
