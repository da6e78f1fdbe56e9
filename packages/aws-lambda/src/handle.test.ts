import { GripError, type GripHandler, getWebSocket } from '@faas-grip/core';
import { decodeWebSocketEvents } from '@faas-grip/core/protocol';
import type {
  ALBEvent,
  ALBHandler,
  APIGatewayProxyEvent,
  APIGatewayProxyEventV2,
  APIGatewayProxyHandler,
  APIGatewayProxyHandlerV2,
  LambdaFunctionURLHandler,
} from 'aws-lambda';
import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import { albMultiGet, albSingleGet } from './fixtures/alb.js';
import { functionUrlGet } from './fixtures/function-url.js';
import { httpApiNamedStage, httpApiWebSocketBinary } from './fixtures/http-api.js';
import { restGet } from './fixtures/rest.js';
import { handle } from './handle.js';

const env = {};
const events: [string, APIGatewayProxyEvent | APIGatewayProxyEventV2 | ALBEvent][] = [
  ['REST', restGet],
  ['HTTP API', httpApiNamedStage],
  ['function URL', functionUrlGet],
  ['ALB single-value', albSingleGet],
  ['ALB multi-value', albMultiGet],
];

describe('handle', () => {
  it.each(events)('answers a %s event whose handler throws with a bare 500', async (_kind, event) => {
    const onError = vi.fn();
    const handler = handle(
      () => {
        throw new Error('database password is hunter2');
      },
      { env, onError },
    );
    const result = await handler(event);
    expect(result.statusCode).toBe(500);
    expect(result.body).toBe('Internal Server Error\n');
    expect(onError).toHaveBeenCalledOnce();
  });

  it('answers an error that carries a status with that status and its message', async () => {
    const handler = handle(
      () => {
        throw new GripError(400, 'bad nickname');
      },
      { env },
    );
    const result = await handler(httpApiNamedStage);
    expect(result.statusCode).toBe(400);
    expect(result.body).toBe('bad nickname\n');
  });

  it('gives the handler process.env as ctx.env by default', async () => {
    vi.stubEnv('FAAS_GRIP_LAMBDA_TEST', 'from-process-env');
    try {
      const result = await handle((_request, ctx) => new Response(ctx.env.FAAS_GRIP_LAMBDA_TEST))(restGet);
      expect(result.body).toBe('from-process-env');
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('runs a chat-style handler: OPEN is accepted and subscribed, the answer goes out base64', async () => {
    const chat: GripHandler = async (request) => {
      const ws = await getWebSocket(request);
      if (ws.isOpening()) {
        ws.accept();
        ws.subscribe('room');
      }
      return ws.toResponse();
    };
    const open = { ...httpApiWebSocketBinary, body: Buffer.from('OPEN\r\n').toString('base64') };
    const result = await handle(chat, { env })(open);
    expect(result.statusCode).toBe(200);
    expect(result.isBase64Encoded).toBe(true);
    expect(result.headers?.['sec-websocket-extensions']).toBe('grip');
    const answer = decodeWebSocketEvents(Buffer.from(result.body ?? '', 'base64'));
    expect(answer[0]?.type).toBe('OPEN');
    expect(Buffer.from(answer[1]!.content!).toString()).toBe('c:{"type":"subscribe","channel":"room"}');
  });

  it('fits the handler types of @types/aws-lambda, and answers each event in its own result type', () => {
    const handler = handle(() => new Response('ok'), { env });
    expectTypeOf(handler).toExtend<APIGatewayProxyHandler>();
    expectTypeOf(handler).toExtend<APIGatewayProxyHandlerV2>();
    expectTypeOf(handler).toExtend<LambdaFunctionURLHandler>();
    expectTypeOf(handler).toExtend<ALBHandler>();
    expectTypeOf(handler(restGet)).resolves.toHaveProperty('multiValueHeaders');
    expectTypeOf(handler(httpApiNamedStage)).resolves.toHaveProperty('cookies');
    expectTypeOf(handler(albSingleGet)).resolves.toHaveProperty('statusDescription');
  });

  it('rejects an event that no HTTP front door sends, saying what it accepts', async () => {
    const sqs = { Records: [{ eventSource: 'aws:sqs', body: 'hi' }] };
    // @ts-expect-error an SQS event is not an HTTP event
    await expect(handle(() => new Response('never'), { env })(sqs)).rejects.toThrow(
      /not an HTTP event from API Gateway, a function URL or an ALB \(got Records\)/,
    );
  });
});
