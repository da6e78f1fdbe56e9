import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Runtime } from './types.js';

// Built next to the CLI as dist/runtime/node-origin.js.
const childScript = (): string => fileURLToPath(new URL('./runtime/node-origin.js', import.meta.url));

/** The handler in a Node child process on `@faas-grip/node`; TypeScript is loaded with tsx. */
export const nodeRuntime: Runtime = {
  name: 'node',
  description: 'Node.js child process serving the handler with @faas-grip/node (TypeScript via tsx)',
  start({ module, port, env, log }) {
    const child = spawn(process.execPath, [childScript(), module], {
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
        reject(new Error(`the handler process exited before serving (code ${code}, signal ${signal})`)),
      );
      child.on('message', (message: { type?: string; url?: string }) => {
        if (message.type !== 'ready' || typeof message.url !== 'string') return;
        log({ level: 'debug', scope: 'runtime', message: `node origin pid ${child.pid} on ${message.url}` });
        resolve({ url: message.url, stop });
      });
    });
  },
};
