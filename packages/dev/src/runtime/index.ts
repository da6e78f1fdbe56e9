import { childRuntime, nodeRuntime } from './node.js';
import type { Runtime } from './types.js';
import { vercelEdgeRuntime } from './vercel-edge.js';
import { workerdRuntime } from './workerd.js';

/**
 * Runtimes `faas-grip dev --runtime` can run a handler in. Each one is a
 * {@link Runtime}: add an entry here to support another platform's local shape.
 */
export const runtimes: Readonly<Record<string, Runtime>> = {
  node: nodeRuntime,
  'lambda-rest': childRuntime('lambda-rest', 'AWS Lambda behind a local API Gateway REST API front door'),
  'lambda-http-api': childRuntime(
    'lambda-http-api',
    'AWS Lambda behind a local API Gateway HTTP API front door',
  ),
  'lambda-function-url': childRuntime(
    'lambda-function-url',
    'AWS Lambda behind a local function URL front door',
  ),
  'lambda-alb': childRuntime('lambda-alb', 'AWS Lambda behind a local ALB front door'),
  workerd: workerdRuntime,
  'vercel-edge': vercelEdgeRuntime,
};

export type { Runtime, RuntimeOrigin, RuntimeStartOptions } from './types.js';
