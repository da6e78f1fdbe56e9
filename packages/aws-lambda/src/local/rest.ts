import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { restDecodesResult, restEncodesRequest } from './binary-rules.js';
import { requestId, requestTime } from './context.js';
import {
  decodedQuery,
  domainName,
  firstHeader,
  grouped,
  type Incoming,
  lastHeader,
  withForwardedHeaders,
} from './incoming.js';
import { headerText, isRecord, jsonReply, type Made, type Reply, resultBodyBytes } from './reply.js';

export interface RestOptions {
  /** The API's binaryMediaTypes (default none, as a new REST API has). */
  binaryMediaTypes?: readonly string[];
  /** Stage name (default `prod`). */
  stage?: string;
  /**
   * Whether clients put the stage in the URL, as on the generated
   * `execute-api` endpoint (default true). False models a custom domain
   * mapped to the stage at its root.
   */
  stageInPath?: boolean;
}

export function restBasePath(options: RestOptions): string {
  return options.stageInPath === false ? '' : `/${options.stage ?? 'prod'}`;
}

function lastValues(groups: Map<string, string[]>): Record<string, string> {
  return Object.fromEntries([...groups].map(([name, values]) => [name, values[values.length - 1]!]));
}

/** The event a REST API (Lambda proxy integration, `/{proxy+}` resource) sends, or its refusal. */
export function restEvent(incoming: Incoming, options: RestOptions): Made<APIGatewayProxyEvent> {
  const base = restBasePath(options);
  const inStage = base === '' || incoming.path === base || incoming.path.startsWith(`${base}/`);
  // API Gateway's answer for a path outside every deployed stage.
  if (!inStage) return { reply: jsonReply(403, { message: 'Missing Authentication Token' }) };
  const path = incoming.path.slice(base.length) || '/';
  const headers = grouped(withForwardedHeaders(incoming, 'as-sent'), false);
  const query = grouped(decodedQuery(incoming.query), false);
  const contentType = lastHeader(incoming, 'content-type');
  const binary = restEncodesRequest(contentType, options.binaryMediaTypes ?? []);
  const host = domainName(incoming);
  const now = new Date();
  const proxy = path.slice(1);
  const event: APIGatewayProxyEvent = {
    resource: '/{proxy+}',
    path,
    httpMethod: incoming.method,
    headers: lastValues(headers),
    multiValueHeaders: Object.fromEntries(headers),
    queryStringParameters: query.size === 0 ? null : lastValues(query),
    multiValueQueryStringParameters: query.size === 0 ? null : Object.fromEntries(query),
    pathParameters: proxy === '' ? null : { proxy },
    stageVariables: null,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      authorizer: null,
      domainName: host,
      domainPrefix: host.split('.', 1)[0]!,
      extendedRequestId: requestId(),
      httpMethod: incoming.method,
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: incoming.sourceIp,
        user: null,
        userAgent: lastHeader(incoming, 'user-agent') ?? '',
        userArn: null,
      },
      path: incoming.path,
      protocol: 'HTTP/1.1',
      requestId: requestId(),
      requestTime: requestTime(now),
      requestTimeEpoch: now.getTime(),
      resourceId: 'local',
      resourcePath: '/{proxy+}',
      stage: options.stage ?? 'prod',
    },
    // Without a matching binary media type the bytes are read as UTF-8, damaging what is not.
    body: incoming.body.length === 0 ? null : incoming.body.toString(binary ? 'base64' : 'utf8'),
    isBase64Encoded: binary,
  };
  return { event };
}

/** A REST API's reply for a proxy result; a malformed result is its 502. */
export function restReply(result: unknown, incoming: Incoming, options: RestOptions): Reply {
  if (!isRecord(result) || typeof result.statusCode !== 'number') {
    return jsonReply(502, { message: 'Internal server error' });
  }
  const proxyResult = result as unknown as APIGatewayProxyResult;
  const headers: [string, string][] = [];
  const multi = proxyResult.multiValueHeaders ?? {};
  const multiNames = new Map(Object.keys(multi).map((name) => [name.toLowerCase(), name]));
  for (const [name, values] of Object.entries(multi)) {
    for (const value of values) headers.push([name, headerText(value)]);
  }
  // Both maps are merged; a pair already in multiValueHeaders is not repeated.
  for (const [name, value] of Object.entries(proxyResult.headers ?? {})) {
    const twin = multiNames.get(name.toLowerCase());
    const values = twin === undefined ? [] : (multi[twin] ?? []).map(headerText);
    if (!values.includes(headerText(value))) headers.push([name, headerText(value)]);
  }
  const decode =
    proxyResult.isBase64Encoded === true &&
    restDecodesResult(firstHeader(incoming, 'accept'), options.binaryMediaTypes ?? []);
  return {
    status: proxyResult.statusCode,
    headers,
    body: resultBodyBytes(proxyResult.body, decode),
  };
}
