/**
 * The baseline Lambda handler, hand-written on @fanoutio/grip for an HTTP API
 * (payload 2.0) event: decode the base64 body, verify the Grip-Sig, run the
 * echo on grip's WebSocketContext, return the events base64-encoded.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { gripEcho } from '../echo/grip.js';

/** `key` undefined: verify nothing. */
export function gripLambda(
  key: Uint8Array | undefined,
  iss: string,
): (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2> {
  return async (event) => {
    const body = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
    const answer = await gripEcho(event.headers, body, key, iss);
    return {
      statusCode: answer.status,
      headers: answer.headers,
      body: Buffer.from(answer.body).toString('base64'),
      isBase64Encoded: true,
    };
  };
}
