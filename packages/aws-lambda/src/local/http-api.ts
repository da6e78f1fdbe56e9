import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { arrivesAsText } from './binary-rules.js';
import { requestId, requestTime } from './context.js';
import {
  decodedQuery,
  domainName,
  grouped,
  type Incoming,
  lastHeader,
  withForwardedHeaders,
} from './incoming.js';
import { headerText, isRecord, jsonReply, type Made, type Reply, resultBodyBytes } from './reply.js';

export interface HttpApiOptions {
  /** Stage name (default `$default`). */
  stage?: string;
  /**
   * Whether clients put a named stage in the URL, as on the generated
   * `execute-api` endpoint, where it also starts `rawPath` (default true).
   * False models a custom domain whose API mapping selects the stage.
   */
  stageInPath?: boolean;
}

export function httpApiBasePath(options: HttpApiOptions): string {
  const stage = options.stage ?? '$default';
  return stage === '$default' || options.stageInPath === false ? '' : `/${stage}`;
}

interface V2Door {
  stage: string;
  accountId: string;
  apiId: string;
}

function v2Event(incoming: Incoming, door: V2Door): APIGatewayProxyEventV2 {
  const headers = grouped(
    withForwardedHeaders(incoming, 'lower').filter(([name]) => name !== 'cookie'),
    true,
  );
  const cookies = incoming.headers
    .filter(([name]) => name.toLowerCase() === 'cookie')
    .flatMap(([, value]) => value.split(';'))
    .map((cookie) => cookie.trim())
    .filter((cookie) => cookie !== '');
  const query = grouped(decodedQuery(incoming.query), false);
  const text = arrivesAsText(lastHeader(incoming, 'content-type'));
  const host = domainName(incoming);
  const now = new Date();
  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey: '$default',
    rawPath: incoming.path,
    rawQueryString: incoming.query,
    // Payload 2.0 joins repeated headers with commas.
    headers: Object.fromEntries([...headers].map(([name, values]) => [name, values.join(',')])),
    requestContext: {
      accountId: door.accountId,
      apiId: door.apiId,
      domainName: host,
      domainPrefix: host.split('.', 1)[0]!,
      http: {
        method: incoming.method,
        path: incoming.path,
        protocol: 'HTTP/1.1',
        sourceIp: incoming.sourceIp,
        userAgent: lastHeader(incoming, 'user-agent') ?? '',
      },
      requestId: requestId(),
      routeKey: '$default',
      stage: door.stage,
      time: requestTime(now),
      timeEpoch: now.getTime(),
    },
    isBase64Encoded: incoming.body.length > 0 && !text,
  };
  if (cookies.length > 0) event.cookies = cookies;
  if (query.size > 0) {
    event.queryStringParameters = Object.fromEntries(
      [...query].map(([name, values]) => [name, values.join(',')]),
    );
  }
  if (incoming.body.length > 0) event.body = incoming.body.toString(text ? 'utf8' : 'base64');
  return event;
}

/** The event an HTTP API sends with payload format 2.0 and a `$default` route, or its refusal. */
export function httpApiEvent(incoming: Incoming, options: HttpApiOptions): Made<APIGatewayProxyEventV2> {
  const base = httpApiBasePath(options);
  if (base !== '' && incoming.path !== base && !incoming.path.startsWith(`${base}/`)) {
    return { reply: jsonReply(404, { message: 'Not Found' }) };
  }
  return {
    event: v2Event(incoming, {
      stage: options.stage ?? '$default',
      accountId: '000000000000',
      apiId: 'local',
    }),
  };
}

/** The event a function URL sends: payload 2.0 with routeKey and stage `$default`. */
export function functionUrlEvent(incoming: Incoming): APIGatewayProxyEventV2 {
  return v2Event(incoming, { stage: '$default', accountId: 'anonymous', apiId: 'local' });
}

/**
 * A payload 2.0 reply. A result without a statusCode (or a bare string) is
 * taken as a JSON body with status 200, as HTTP APIs and function URLs do.
 */
export function v2Reply(result: unknown, failure: Reply): Reply {
  if (typeof result === 'string') {
    return { status: 200, headers: [['Content-Type', 'application/json']], body: Buffer.from(result) };
  }
  if (!isRecord(result)) return failure;
  if (typeof result.statusCode !== 'number') {
    return {
      status: 200,
      headers: [['Content-Type', 'application/json']],
      body: Buffer.from(JSON.stringify(result)),
    };
  }
  const structured = result as APIGatewayProxyStructuredResultV2;
  const headers: [string, string][] = Object.entries(structured.headers ?? {}).map(([name, value]) => [
    name,
    headerText(value),
  ]);
  for (const cookie of structured.cookies ?? []) headers.push(['Set-Cookie', cookie]);
  return {
    status: result.statusCode,
    headers,
    body: resultBodyBytes(structured.body, structured.isBase64Encoded),
  };
}
