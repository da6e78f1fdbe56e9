import type { APIGatewayProxyEventV2 } from 'aws-lambda';

const DOMAIN = 'r7t2q8wxyz.execute-api.eu-west-1.amazonaws.com';

/**
 * A WebSocket-over-HTTP POST as an HTTP API (payload 2.0) hands it to
 * Lambda: lower-case headers, the body base64-encoded. `body` is the raw
 * events text; `gripSig` undefined leaves the header out.
 */
export function wsEventV2(body: string, gripSig: string | undefined): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/ws',
    rawQueryString: '',
    headers: {
      accept: 'application/websocket-events',
      'connection-id': '7ce92512-8a18-4556-b253-0e78c75e1c89',
      'content-type': 'application/websocket-events',
      'content-length': String(Buffer.byteLength(body)),
      host: DOMAIN,
      'sec-websocket-extensions': 'grip',
      'x-forwarded-proto': 'https',
      ...(gripSig === undefined ? {} : { 'grip-sig': gripSig }),
    },
    requestContext: {
      accountId: '123456789012',
      apiId: 'r7t2q8wxyz',
      domainName: DOMAIN,
      domainPrefix: 'r7t2q8wxyz',
      http: {
        method: 'POST',
        path: '/ws',
        protocol: 'HTTP/1.1',
        sourceIp: '198.51.100.7',
        userAgent: 'Pushpin/1.36',
      },
      requestId: 'JKJaXmPLvHcESHA=',
      routeKey: '$default',
      stage: '$default',
      time: '30/Nov/2026:06:00:00 +0000',
      timeEpoch: 1795932000000,
    },
    body: Buffer.from(body).toString('base64'),
    isBase64Encoded: true,
  };
}
