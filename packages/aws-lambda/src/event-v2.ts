import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { eventBodyBytes, resultBody } from './body.js';
import { appendHeaders, buildRequest } from './request.js';
import { headerValues } from './response-headers.js';

/**
 * On an HTTP API's generated endpoint a named stage is the first segment of
 * `rawPath` (`/prod/items`); the handler's routes should not depend on the
 * stage, so it is removed. `$default` adds no segment, and neither do
 * function URLs.
 */
function pathWithoutStage(path: string, stage: string | undefined): string {
  if (stage === undefined || stage === '' || stage === '$default') return path;
  const prefix = `/${stage}`;
  if (path === prefix) return '/';
  return path.startsWith(`${prefix}/`) ? path.slice(prefix.length) : path;
}

/** The Request for an HTTP API (payload format 2.0) or function URL event. */
export function requestFromV2(event: APIGatewayProxyEventV2): Request {
  const headers = appendHeaders(new Headers(), event.headers, undefined);
  // Payload 2.0 moves the Cookie header into `cookies`.
  if (event.cookies && event.cookies.length > 0) headers.set('cookie', event.cookies.join('; '));
  return buildRequest({
    method: event.requestContext.http.method,
    path: pathWithoutStage(event.rawPath, event.requestContext.stage),
    query: event.rawQueryString ?? '',
    headers,
    domainName: event.requestContext.domainName,
    body: eventBodyBytes(event.body, event.isBase64Encoded),
  });
}

/** The payload 2.0 result: repeated headers comma-joined, each Set-Cookie in `cookies`. */
export async function resultFromResponseV2(response: Response): Promise<APIGatewayProxyStructuredResultV2> {
  const headers: Record<string, string> = {};
  let cookies: string[] = [];
  for (const [name, values] of headerValues(response.headers)) {
    if (name === 'set-cookie') cookies = values;
    else headers[name] = values.join(', ');
  }
  const body = resultBody(new Uint8Array(await response.arrayBuffer()), response.headers);
  const result: APIGatewayProxyStructuredResultV2 = { statusCode: response.status, headers, ...body };
  if (cookies.length > 0) result.cookies = cookies;
  return result;
}
