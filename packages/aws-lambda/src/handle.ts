import { type GripEnv, GripError, type GripHandler, type GripOptions } from '@faas-grip/core';
import { errorResponse, handleRequest, pendingWork } from '@faas-grip/core/adapter';
import type {
  ALBEvent,
  ALBResult,
  APIGatewayProxyEvent,
  APIGatewayProxyEventV2,
  APIGatewayProxyResult,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { albUsesMultiValueHeaders, requestFromAlb, resultFromResponseAlb } from './event-alb.js';
import { type DetectedEvent, detectEvent, type LambdaHttpEvent } from './event-kind.js';
import { requestFromV1, resultFromResponseV1 } from './event-v1.js';
import { requestFromV2, resultFromResponseV2 } from './event-v2.js';

export interface HandleOptions<Env> extends GripOptions {
  /** Configuration for `ctx.env` (default `process.env`, where Lambda puts the function's variables). */
  env?: Env;
}

/** Every result `handle`'s function can return. */
export type LambdaHttpResult = APIGatewayProxyResult | APIGatewayProxyStructuredResultV2 | ALBResult;

/**
 * A Lambda handler for HTTP invocations, answering each front door in its
 * own result shape. `context` is accepted for the Lambda runtime and unused.
 */
export interface LambdaHttpHandler {
  (event: APIGatewayProxyEvent, context?: Context): Promise<APIGatewayProxyResult>;
  (event: APIGatewayProxyEventV2, context?: Context): Promise<APIGatewayProxyStructuredResultV2>;
  (event: ALBEvent, context?: Context): Promise<ALBResult>;
  (event: LambdaHttpEvent, context?: Context): Promise<LambdaHttpResult>;
}

function toRequest(detected: DetectedEvent): Request {
  switch (detected.kind) {
    case 'v1':
      return requestFromV1(detected.event);
    case 'v2':
      return requestFromV2(detected.event);
    case 'alb':
      return requestFromAlb(detected.event);
  }
}

function toResult(detected: DetectedEvent, response: Response): LambdaHttpResult | Promise<LambdaHttpResult> {
  switch (detected.kind) {
    case 'v1':
      return resultFromResponseV1(response);
    case 'v2':
      return resultFromResponseV2(response);
    case 'alb':
      return resultFromResponseAlb(response, albUsesMultiValueHeaders(detected.event));
  }
}

/**
 * Wraps a handler for AWS Lambda behind an API Gateway REST API (payload
 * 1.0), an HTTP API (payload 2.0), a function URL or an Application Load
 * Balancer. The front door is recognised from each event.
 *
 * ```ts
 * export const handler = handle(app);
 * ```
 */
export function handle<Env = GripEnv>(
  handler: GripHandler<Env>,
  options: HandleOptions<Env> = {},
): LambdaHttpHandler {
  const env = (options.env ?? process.env) as Env;
  async function invoke(event: LambdaHttpEvent): Promise<LambdaHttpResult> {
    const detected = detectEvent(event);
    const work = pendingWork();
    try {
      let response: Response;
      try {
        const request = toRequest(detected);
        response = await handleRequest(handler, request, { env, waitUntil: work.add }, options);
      } catch (error) {
        // Only an event that cannot become a Request gets here; handleRequest answers its own errors.
        if (!(error instanceof GripError))
          console.error('[faas-grip] could not read the Lambda event', error);
        response = errorResponse(error);
      }
      return await toResult(detected, response);
    } finally {
      await work.settle();
    }
  }
  return invoke as LambdaHttpHandler;
}
