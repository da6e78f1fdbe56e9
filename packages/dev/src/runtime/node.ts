import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Runtime } from './types.js';

// Built next to the CLI as dist/runtime/child.js.
const childScript = (): string => fileURLToPath(new URL('./runtime/child.js', import.meta.url));

/**
 * A runtime whose handler runs in a Node child process (TypeScript loaded
 * with tsx), so a reload is a fresh process with fresh modules.
 */
export function childRuntime(name: string, description: string): Runtime {
  return {
    name,
    description,
    start({ module, port, env, log }) {
      const child = spawn(process.execPath, [childScript(), module, name], {
        env: { ...env, FAAS_GRIP_ORIGIN_PORT: String(port) },
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      const stop = async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
          await exited;
          clearTimeout(timer);
        }
      };
      return new Promise((resolve, reject) => {
        child.once('error', reject);
        child.once('exit', (code, signal) =>
          reject(
            new Error(`the ${name} handler process exited before serving (code ${code}, signal ${signal})`),
          ),
        );
        child.on('message', (message: { type?: string; url?: string }) => {
          if (message.type !== 'ready' || typeof message.url !== 'string') return;
          log({
            level: 'debug',
            scope: 'runtime',
            message: `${name} origin pid ${child.pid} on ${message.url}`,
          });
          resolve({ url: message.url, stop });
        });
      });
    },
  };
}

/** The handler on `@faas-grip/node`'s server. */
export const nodeRuntime = childRuntime('node', 'Node.js server from @faas-grip/node');
