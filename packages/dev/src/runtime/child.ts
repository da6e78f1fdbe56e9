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
import { loadOptional } from './optional.js';

interface Served {
  url: string;
  close(): Promise<void>;
}

/**
 * What this child uses of `@faas-grip/aws-lambda` (an optional peer, loaded
 * only for a Lambda runtime), so that building this package needs nothing of it.
 */
interface LambdaAdapter {
  handle(handler: GripHandler, options: { env: NodeJS.ProcessEnv }): unknown;
}
interface LambdaLocal {
  serveFrontDoor(
    fn: unknown,
    options: { kind: LambdaDoor; port: number; hostname: string } & Record<string, unknown>,
  ): Promise<Served>;
}

async function serveLambda(door: LambdaDoor, handler: GripHandler, port: number): Promise<Served> {
  const why = 'it plays the AWS front door';
  const lambda = await loadOptional<LambdaAdapter>('@faas-grip/aws-lambda', `lambda-${door}`, why);
  const local = await loadOptional<LambdaLocal>('@faas-grip/aws-lambda/local', `lambda-${door}`, why);
  const fn = lambda.handle(handler, { env: process.env });
  // The proxy reaches the origin at its root, as a custom domain mapping does.
  const options =
    door === 'rest'
      ? { stage: 'dev', stageInPath: false, binaryMediaTypes: ['application/websocket-events'] }
      : door === 'http-api'
        ? { stage: '$default' }
        : door === 'alb'
          ? { multiValueHeaders: true }
          : {};
  return local.serveFrontDoor(fn, { ...options, kind: door, port, hostname: '127.0.0.1' });
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
