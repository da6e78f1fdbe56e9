import { fileURLToPath } from 'node:url';
import { startDevServer } from '@vercel/node';
import type { OriginEntry } from './types.js';

// @vercel/node's published types cover its legacy request helpers only; this
// is the part of its builder API that `vercel dev` calls.
declare module '@vercel/node' {
  export function startDevServer(options: {
    entrypoint: string;
    workPath: string;
    config: Record<string, unknown>;
    meta?: { env?: Record<string, string> };
    files: Record<string, unknown>;
  }): Promise<{ port: number; pid: number; shutdown?: () => Promise<void> } | null>;
}

const workPath = fileURLToPath(new URL('.', import.meta.url));

// The child inherits this process's environment; GRIP settings from a
// developer's shell must not leak into the function.
const BLANK_GRIP = { GRIP_URL: '', GRIP_VERIFY_KEY: '', GRIP_VERIFY_ISS: '', GRIP_PREFIX: '' };

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * `vercel-function.ts` on Vercel's Node.js runtime, served by `@vercel/node`'s
 * own dev server (what `vercel dev` runs): a child process that loads the
 * function file, takes its default export as a Web handler and passes the
 * runtime's `waitUntil`. `env` is the function's environment.
 */
export const vercelNodeEntry: OriginEntry = {
  name: 'vercel-node',
  async start(env) {
    const server = await startDevServer({
      entrypoint: 'vercel-function.ts',
      workPath,
      config: {},
      meta: { env: { ...BLANK_GRIP, ...env } },
      files: {},
    });
    if (server === null) throw new Error('@vercel/node started no dev server for vercel-function.ts');
    return {
      url: `http://127.0.0.1:${server.port}`,
      async stop() {
        if (server.shutdown) await server.shutdown();
        else process.kill(server.pid, 'SIGTERM');
        // shutdown() only asks: the child exits once its waitUntil work has settled.
        for (let i = 0; i < 200 && alive(server.pid); i++) await new Promise((r) => setTimeout(r, 25));
        if (alive(server.pid)) process.kill(server.pid, 'SIGKILL');
      },
    };
  },
};
