import { GripError } from '@faas-grip/core';
import type { ALBEvent, ALBResult } from 'aws-lambda';
import { eventBodyBytes, responseResultBody } from './body.js';
import { multiValues, singleValues } from './event-fields.js';
import { reasonPhrase } from './reason-phrase.js';
import { appendHeaders, buildRequest } from './request.js';
import { headerValues } from './response-headers.js';

/** ALB passes query values exactly as the client sent them (still percent-encoded). */
function albQuery(event: ALBEvent): string {
  const multi: unknown = event.multiValueQueryStringParameters;
  const pairs =
    multi === undefined || multi === null
      ? singleValues(event.queryStringParameters, 'queryStringParameters')
      : multiValues(multi, 'multiValueQueryStringParameters');
  return pairs.map(([name, value]) => `${name}=${value}`).join('&');
}

/** The target group sends `multiValueHeaders` exactly when its multi-value setting is on. */
export function albUsesMultiValueHeaders(event: ALBEvent): boolean {
  return event.multiValueHeaders !== undefined;
}

/**
 * With multi-value headers off, ALB keeps only the last of repeated headers,
 * while Pushpin refuses a client's own WebSocket events by its first
 * Content-Type. A client sending `text/plain` and then the events type
 * would pass the proxy and still look like the proxy's WebSocket-over-HTTP
 * here, so such requests are refused in that mode, naming the setting that
 * makes them safe (every value then arrives, joined, and the exact check in
 * core refuses the pair).
 */
function refuseSingleValueWebSocketEvents(event: ALBEvent, headers: Headers): void {
  if (albUsesMultiValueHeaders(event)) return;
  const type = headers.get('content-type');
  if (type === null || !type.toLowerCase().includes('websocket-events')) return;
  throw new GripError(
    400,
    'WebSocket-over-HTTP through an ALB needs the target group attribute lambda.multi_value_headers.enabled=true: ' +
      'without it repeated headers reach the function as their last value only, and a client could pass the proxy ' +
      'with a Content-Type it did not check',
  );
}

/** The Request for an Application Load Balancer event, in either header mode. */
export function requestFromAlb(event: ALBEvent): Request {
  const headers = appendHeaders(new Headers(), event.headers, event.multiValueHeaders);
  refuseSingleValueWebSocketEvents(event, headers);
  return buildRequest({
    method: event.httpMethod,
    path: event.path,
    query: albQuery(event),
    headers,
    domainName: undefined,
    body: eventBodyBytes(event.body, event.isBase64Encoded),
  });
}

/** Every distinct capitalisation of `name`, plain lower case first. */
function* casings(name: string): Generator<string> {
  const letters = [...name]
    .map((c, i) => (c.toLowerCase() !== c.toUpperCase() ? i : -1))
    .filter((i) => i >= 0);
  for (let mask = 0; mask < 2 ** letters.length; mask++) {
    const chars = [...name.toLowerCase()];
    letters.forEach((index, bit) => {
      if (mask & (2 ** bit)) chars[index] = chars[index]!.toUpperCase();
    });
    yield chars.join('');
  }
}

/**
 * With multi-value headers off, a result can hold one value per header name.
 * Several cookies then go out under differently capitalised `Set-Cookie`
 * names (header names are case-insensitive for clients); turning the target
 * group's multi-value setting on is the clean fix.
 */
function singleValueHeaders(values: Map<string, string[]>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, list] of values) {
    if (list.length === 1) {
      headers[name] = list[0]!;
      continue;
    }
    const names = casings(name);
    for (const value of list) {
      const next = names.next();
      if (next.done) break;
      headers[next.value] = value;
    }
  }
  return headers;
}

/** The ALB result, answering in the header mode the event arrived in. */
export async function resultFromResponseAlb(response: Response, multiValue: boolean): Promise<ALBResult> {
  const values = headerValues(response.headers);
  const body = await responseResultBody(response);
  const reason = response.statusText || reasonPhrase(response.status);
  const statusDescription = `${response.status}${reason === '' ? '' : ` ${reason}`}`;
  const result: ALBResult = { statusCode: response.status, statusDescription, ...body };
  if (multiValue) result.multiValueHeaders = Object.fromEntries(values);
  else result.headers = singleValueHeaders(values);
  return result;
}
