/**
 * Child process of the `node` runtime: loads the handler module (TypeScript
 * through tsx) and serves it with `@faas-grip/node`, then tells the parent
 * its URL over IPC.
 */
import { pathToFileURL } from 'node:url';
import { serve } from '@faas-grip/node';
import { register } from 'tsx/esm/api';
import { handlerFromModule } from './handler-module.js';

async function main(): Promise<void> {
  const file = process.argv[2];
  const port = Number(process.env.FAAS_GRIP_ORIGIN_PORT);
  if (file === undefined || !Number.isInteger(port)) {
    throw new Error('usage: node-origin <module> (with FAAS_GRIP_ORIGIN_PORT set)');
  }
  register();
  const exports = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  const handler = handlerFromModule(exports, file);
  const server = await serve(handler, { port, hostname: '127.0.0.1', env: process.env });
  const stop = () => {
    void server.close().finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  process.send?.({ type: 'ready', url: server.url });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
