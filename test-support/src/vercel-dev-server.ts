import { startDevServer } from '@vercel/node';

// @vercel/node's published types cover its legacy request helpers only; this
// is the part of its builder API that `vercel dev` uses and the tests call.
declare module '@vercel/node' {
  export interface StartDevServerOptions {
    entrypoint: string;
    workPath: string;
    config: Record<string, unknown>;
    meta?: { env?: Record<string, string> };
    files: Record<string, unknown>;
  }
  export function startDevServer(
    options: StartDevServerOptions,
  ): Promise<{ port: number; pid: number; shutdown?: () => Promise<void> } | null>;
}

// Settings a developer's shell may hold, blanked so only the test's own apply.
const GRIP_SETTINGS = { GRIP_URL: '', GRIP_VERIFY_KEY: '', GRIP_VERIFY_ISS: '', GRIP_PREFIX: '' };

export interface RunningFunction {
  url: string;
  stop(): Promise<void>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Serves one function file (relative to `workPath`) the way `vercel dev`
 * does, with `@vercel/node`'s own dev server: a child process that loads the
 * entrypoint (TypeScript included), picks the Node.js or Edge runtime from its
 * `config` export, and listens on loopback. `env` becomes the function's
 * whole GRIP environment.
 */
export async function startFunction(
  entrypoint: string,
  env: Record<string, string>,
  workPath: string,
): Promise<RunningFunction> {
  const server = await startDevServer({
    entrypoint,
    workPath,
    config: {},
    meta: { env: { ...GRIP_SETTINGS, ...env } },
    files: {},
  });
  if (server === null) throw new Error(`@vercel/node did not start a dev server for ${entrypoint}`);
  return {
    url: `http://127.0.0.1:${server.port}`,
    async stop() {
      if (server.shutdown) await server.shutdown();
      else process.kill(server.pid, 'SIGTERM');
      // shutdown() only asks; the child exits once waitUntil work has settled.
      for (let i = 0; i < 200 && alive(server.pid); i++) await new Promise((r) => setTimeout(r, 25));
      if (alive(server.pid)) process.kill(server.pid, 'SIGKILL');
    },
  };
}
