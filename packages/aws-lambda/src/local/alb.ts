import type { ALBEvent, ALBResult } from 'aws-lambda';
import { arrivesAsText } from './binary-rules.js';
import { grouped, type Incoming, lastHeader, rawQuery, withForwardedHeaders } from './incoming.js';
import { headerText, isRecord, type Reply, resultBodyBytes, textReply } from './reply.js';

export interface AlbOptions {
  /** The target group's multi-value headers setting (default off, as on a new target group). */
  multiValueHeaders?: boolean;
}

const TARGET_GROUP = 'arn:aws:elasticloadbalancing:local:000000000000:targetgroup/local/0000000000000000';

function last(groups: Map<string, string[]>): Record<string, string> {
  return Object.fromEntries([...groups].map(([name, values]) => [name, values[values.length - 1]!]));
}

/** The event an ALB sends to a Lambda target, in the target group's header mode. */
export function albEvent(incoming: Incoming, options: AlbOptions): ALBEvent {
  const headers = grouped(
    [
      ...withForwardedHeaders(incoming, 'lower'),
      ['x-amzn-trace-id', `Root=1-${Date.now().toString(16)}-local`],
    ],
    true,
  );
  const query = grouped(rawQuery(incoming.query), false);
  const encoded = lastHeader(incoming, 'content-encoding') !== undefined;
  const text = !encoded && arrivesAsText(lastHeader(incoming, 'content-type'));
  const body = incoming.body.length === 0 ? '' : incoming.body.toString(text ? 'utf8' : 'base64');
  const base = {
    requestContext: { elb: { targetGroupArn: TARGET_GROUP } },
    httpMethod: incoming.method,
    path: incoming.path,
    body,
    isBase64Encoded: incoming.body.length > 0 && !text,
  };
  return options.multiValueHeaders === true
    ? {
        ...base,
        multiValueHeaders: Object.fromEntries(headers),
        multiValueQueryStringParameters: Object.fromEntries(query),
      }
    : { ...base, headers: last(headers), queryStringParameters: last(query) };
}

/** An ALB reply: it reads only the header field that matches its mode. */
export function albReply(result: unknown, options: AlbOptions): Reply {
  if (!isRecord(result) || typeof result.statusCode !== 'number') return textReply(502, '502 Bad Gateway\n');
  const alb = result as unknown as ALBResult;
  const headers: [string, string][] = [];
  if (options.multiValueHeaders === true) {
    for (const [name, values] of Object.entries(alb.multiValueHeaders ?? {})) {
      for (const value of values) headers.push([name, headerText(value)]);
    }
  } else {
    for (const [name, value] of Object.entries(alb.headers ?? {})) headers.push([name, headerText(value)]);
  }
  const description = alb.statusDescription?.replace(/^\d+\s*/, '');
  const reply: Reply = {
    status: alb.statusCode,
    headers,
    body: resultBodyBytes(alb.body, alb.isBase64Encoded),
  };
  if (description) reply.statusMessage = description;
  return reply;
}
