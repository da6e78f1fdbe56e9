/**
 * Child process of the Node-based runtimes: loads the handler module
 * (TypeScript through tsx), serves it on the given port as that runtime
 * would, then tells the parent its URL over IPC.
 */
import { pathToFileURL } from 'node:url';
import type { GripHandler } from '@faas-grip/core';
import { serve } from '@faas-grip/node';
import { register } from 'tsx/esm/api';
import { handlerFromModule } from './handler-module.js';
import { type LambdaDoor, lambdaDoors } from './lambda-doors.js';

interface Served {
  url: string;
  close(): Promise<void>;
}

async function serveLambda(door: LambdaDoor, handler: GripHandler, port: number): Promise<Served> {
  let lambda: typeof import('@faas-grip/aws-lambda');
  let local: typeof import('@faas-grip/aws-lambda/local');
  try {
    lambda = await import('@faas-grip/aws-lambda');
    local = await import('@faas-grip/aws-lambda/local');
  } catch (cause) {
    throw new Error('--runtime lambda-* needs @faas-grip/aws-lambda: install it next to @faas-grip/dev', {
      cause,
    });
  }
  const fn = lambda.handle(handler, { env: process.env });
  // The proxy reaches the origin at its root, as a custom domain mapping does.
  const options: Parameters<typeof local.serveFrontDoor>[1] =
    door === 'rest'
      ? { kind: 'rest', stage: 'dev', stageInPath: false, binaryMediaTypes: ['application/websocket-events'] }
      : door === 'http-api'
        ? { kind: 'http-api', stage: '$default' }
        : door === 'alb'
          ? { kind: 'alb', multiValueHeaders: true }
          : { kind: 'function-url' };
  return local.serveFrontDoor(fn as never, { ...options, port, hostname: '127.0.0.1' });
}

async function main(): Promise<void> {
  const [file, kind = 'node'] = process.argv.slice(2);
  const port = Number(process.env.FAAS_GRIP_ORIGIN_PORT);
  if (file === undefined || !Number.isInteger(port)) {
    throw new Error('usage: child <module> [node|lambda-<door>] (with FAAS_GRIP_ORIGIN_PORT set)');
  }
  register();
  const exports = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  const handler = handlerFromModule(exports, file);
  let served: Served;
  if (kind === 'node') {
    served = await serve(handler, { port, hostname: '127.0.0.1', env: process.env });
  } else {
    const door = kind.replace(/^lambda-/, '') as LambdaDoor;
    if (!lambdaDoors.includes(door)) throw new Error(`unknown runtime ${kind}`);
    served = await serveLambda(door, handler, port);
  }
  const stop = () => {
    void served.close().finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  process.send?.({ type: 'ready', url: served.url });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
