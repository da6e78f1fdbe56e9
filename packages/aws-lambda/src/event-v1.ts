import { isWebSocketOverHttp, WebSocketEventsError } from '@faas-grip/core';
import { WEBSOCKET_EVENTS_CONTENT_TYPE } from '@faas-grip/core/protocol';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { eventBodyBytes, responseResultBody } from './body.js';
import { hasEntries, multiValues, singleValues } from './event-fields.js';
import { appendHeaders, buildRequest } from './request.js';
import { splitHeaderValues } from './response-headers.js';

function restQuery(event: APIGatewayProxyEvent): string {
  const multi: unknown = event.multiValueQueryStringParameters;
  const pairs = hasEntries(multi)
    ? multiValues(multi, 'multiValueQueryStringParameters')
    : singleValues(event.queryStringParameters, 'queryStringParameters');
  return new URLSearchParams(pairs).toString();
}

/**
 * A REST API passes a body as a UTF-8 string unless its Content-Type is one
 * of the API's binaryMediaTypes; by then bytes that are not UTF-8 are already
 * replaced, so decoding such a WebSocket-over-HTTP body would hand the
 * handler damaged events. Refuse it and name the setting instead.
 */
function refuseTextWebSocketEvents(event: APIGatewayProxyEvent, request: Request): void {
  if (event.isBase64Encoded || event.body === null || event.body === '') return;
  if (!isWebSocketOverHttp(request)) return;
  throw new WebSocketEventsError(
    `API Gateway passed this WebSocket-over-HTTP body as text, which damages binary messages: add ${WEBSOCKET_EVENTS_CONTENT_TYPE} to the REST API's binaryMediaTypes (BinaryMediaTypes in SAM or CloudFormation) and redeploy the API`,
  );
}

/** The Request for an API Gateway REST API event (payload format 1.0). */
export function requestFromV1(event: APIGatewayProxyEvent): Request {
  const request = buildRequest({
    method: event.httpMethod,
    // `path` has no stage segment on the generated endpoint and the base path on a custom domain.
    path: event.path,
    query: restQuery(event),
    headers: appendHeaders(new Headers(), event.headers, event.multiValueHeaders),
    domainName: event.requestContext?.domainName,
    body: eventBodyBytes(event.body, event.isBase64Encoded),
  });
  refuseTextWebSocketEvents(event, request);
  return request;
}

/** The payload 1.0 result: one-value headers in `headers`, repeated ones (Set-Cookie) in `multiValueHeaders`. */
export async function resultFromResponseV1(response: Response): Promise<APIGatewayProxyResult> {
  const { single, multi } = splitHeaderValues(response.headers);
  const body = await responseResultBody(response);
  const result: APIGatewayProxyResult = { statusCode: response.status, headers: single, ...body };
  if (Object.keys(multi).length > 0) result.multiValueHeaders = multi;
  return result;
}
