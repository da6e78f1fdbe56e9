import { GripError } from '@faas-grip/core';
import { isPlainValue, responseBytes } from '@faas-grip/core/adapter';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { eventBodyBytes, HeaderList, knownResultBody, responseResultBody } from './body.js';
import { badEvent, text } from './event-fields.js';
import { plainHeaders } from './plain-headers.js';
import { appendHeaders, buildRequest } from './request.js';

/**
 * On an HTTP API's generated endpoint a named stage is the first segment of
 * `rawPath` (`/prod/items`); the handler's routes should not depend on the
 * stage, so it is removed. `$default` adds no segment, and neither do
 * function URLs.
 */
function pathWithoutStage(path: unknown, stage: unknown): unknown {
  if (typeof path !== 'string' || typeof stage !== 'string' || stage === '' || stage === '$default')
    return path;
  const prefix = `/${stage}`;
  if (path === prefix) return '/';
  return path.startsWith(`${prefix}/`) ? path.slice(prefix.length) : path;
}

/** Payload 2.0 moves the Cookie header into `cookies`. */
function cookieHeader(cookies: unknown): string | undefined {
  if (cookies === null || cookies === undefined) return undefined;
  if (!Array.isArray(cookies) || !cookies.every((cookie) => typeof cookie === 'string')) {
    badEvent("The event's cookies are not a list of text");
  }
  return cookies.length === 0 ? undefined : cookies.join('; ');
}

/** The Request for an HTTP API (payload format 2.0) or function URL event. */
export function requestFromV2(event: APIGatewayProxyEventV2): Request {
  const plain = plainRequestHeaders(event);
  const headers = plain === undefined ? slowHeaders(event) : undefined;
  const query: unknown = event.rawQueryString ?? '';
  return buildRequest({
    method: event.requestContext.http.method,
    path: pathWithoutStage(event.rawPath, event.requestContext.stage),
    query: text(query, 'rawQueryString'),
    headers,
    plainHeaders: plain,
    domainName: event.requestContext.domainName,
    body: eventBodyBytes(event.body, event.isBase64Encoded),
  });
}

/** The event's headers with its cookies as a plain list, when they need no normalising. */
function plainRequestHeaders(event: APIGatewayProxyEventV2): Map<string, string> | undefined {
  const plain = plainHeaders(event.headers);
  if (plain === undefined) return undefined;
  const cookie = cookieHeader(event.cookies);
  if (cookie === undefined) return plain;
  if (!isPlainValue(cookie)) return undefined;
  plain.set('cookie', cookie);
  return plain;
}

/** The event's headers through Headers, which normalises them and refuses invalid HTTP with a 400. */
function slowHeaders(event: APIGatewayProxyEventV2): Headers {
  const headers = appendHeaders(new Headers(), event.headers, undefined);
  const cookie = cookieHeader(event.cookies);
  if (cookie !== undefined) {
    try {
      headers.set('cookie', cookie);
    } catch (cause) {
      throw new GripError(400, "The event's cookies are not valid HTTP", { cause });
    }
  }
  return headers;
}

/** The payload 2.0 result: repeated headers comma-joined, each Set-Cookie in `cookies`. */
export function resultFromResponseV2(
  response: Response,
): APIGatewayProxyStructuredResultV2 | Promise<APIGatewayProxyStructuredResultV2> {
  const known = responseBytes(response);
  if (known?.headers === undefined) return resultFromHeadersV2(response);
  // Core's own Response whose Headers nobody asked for: its plain list, in Headers order.
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (const [name, value] of known.headers) {
    if (name === 'set-cookie') cookies.push(value);
    else headers[name] = value;
  }
  const { body, isBase64Encoded } = knownResultBody(known.body, new HeaderList(known.headers));
  const result: APIGatewayProxyStructuredResultV2 = {
    statusCode: response.status,
    headers,
    body,
    isBase64Encoded,
  };
  if (cookies.length > 0) result.cookies = cookies;
  return result;
}

async function resultFromHeadersV2(response: Response): Promise<APIGatewayProxyStructuredResultV2> {
  const headers: Record<string, string> = {};
  // Headers already joins repeated fields with ', '; only Set-Cookie is listed once per cookie.
  for (const [name, value] of response.headers) {
    if (name !== 'set-cookie') headers[name] = value;
  }
  const { body, isBase64Encoded } = await responseResultBody(response);
  const result: APIGatewayProxyStructuredResultV2 = {
    statusCode: response.status,
    headers,
    body,
    isBase64Encoded,
  };
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) result.cookies = cookies;
  return result;
}
