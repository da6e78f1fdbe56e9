import type { ALBEvent, APIGatewayProxyEvent, APIGatewayProxyEventV2 } from 'aws-lambda';

/** Every event `handle` accepts. Function URL events have the HTTP API 2.0 shape. */
export type LambdaHttpEvent = APIGatewayProxyEvent | APIGatewayProxyEventV2 | ALBEvent;

export type DetectedEvent =
  | { kind: 'v1'; event: APIGatewayProxyEvent }
  | { kind: 'v2'; event: APIGatewayProxyEventV2 }
  | { kind: 'alb'; event: ALBEvent };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * Tells the front doors apart by shape, so one deployment can sit behind
 * several: ALB events carry `requestContext.elb`; payload 2.0 (HTTP API,
 * function URLs) has `version: "2.0"` and `requestContext.http`; payload 1.0
 * (REST APIs, and HTTP APIs set to 1.0) has `httpMethod`.
 */
export function detectEvent(event: unknown): DetectedEvent {
  if (isRecord(event) && isRecord(event.requestContext)) {
    const context = event.requestContext;
    if (isRecord(context.elb)) return { kind: 'alb', event: event as unknown as ALBEvent };
    if (event.version === '2.0' && isRecord(context.http)) {
      return { kind: 'v2', event: event as unknown as APIGatewayProxyEventV2 };
    }
    if (typeof event.httpMethod === 'string') {
      return { kind: 'v1', event: event as unknown as APIGatewayProxyEvent };
    }
  }
  const keys = isRecord(event) ? Object.keys(event).join(', ') : typeof event;
  throw new TypeError(
    `@faas-grip/aws-lambda: not an HTTP event from API Gateway, a function URL or an ALB (got ${keys || 'an empty object'}); handle() only serves HTTP invocations`,
  );
}
