import {
  type GripHandler,
  HttpResponseFormat,
  HttpStreamFormat,
  type IFormat,
  WebSocketCloseFormat,
  WebSocketMessageFormat,
} from '@faas-grip/core';

/**
 * What `POST /publish` takes: one channel and the formats to publish on it,
 * one item holding all given formats.
 */
export interface PublishRequest {
  channel: string;
  /** A text WebSocket message. */
  ws?: string;
  /** A binary WebSocket message, base64. */
  wsBinary?: string;
  /** Close subscribed WebSockets. */
  wsClose?: { code: number; reason?: string };
  /** Data appended to HTTP streams. */
  stream?: string;
  /** End HTTP streams. */
  streamClose?: true;
  /** The answer for held long-polls. */
  response?: { code?: number; headers?: Record<string, string>; body: string };
  /** Answer 202 at once and publish in `waitUntil`. */
  background?: boolean;
}

function badRequest(message: string): Response {
  return new Response(`${message}\n`, { status: 400, headers: { 'Content-Type': 'text/plain' } });
}

function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (ch) => ch.charCodeAt(0));
}

function formatsOf(body: PublishRequest): IFormat[] {
  const formats: IFormat[] = [];
  if (body.wsClose !== undefined) {
    formats.push(new WebSocketCloseFormat(body.wsClose.code, body.wsClose.reason));
  } else if (body.wsBinary !== undefined) {
    formats.push(new WebSocketMessageFormat(fromBase64(body.wsBinary)));
  } else if (body.ws !== undefined) {
    formats.push(new WebSocketMessageFormat(body.ws));
  }
  if (body.streamClose === true) formats.push(new HttpStreamFormat(null, true));
  else if (body.stream !== undefined) formats.push(new HttpStreamFormat(body.stream));
  if (body.response !== undefined) {
    const { code, headers, body: content } = body.response;
    formats.push(
      new HttpResponseFormat({
        code: code === undefined ? null : String(code),
        headers: headers ?? null,
        body: content,
      }),
    );
  }
  return formats;
}

/**
 * Publishes from inside the runtime, so a test can see that the platform lets
 * the function reach the proxy's publish API.
 */
export const publish: GripHandler = async (request, ctx) => {
  if (request.method !== 'POST') return badRequest('POST a JSON publish request');
  let body: PublishRequest;
  try {
    body = (await request.json()) as PublishRequest;
  } catch {
    return badRequest('The body must be JSON');
  }
  if (typeof body.channel !== 'string' || body.channel === '') return badRequest('channel is required');
  const formats = formatsOf(body);
  if (formats.length === 0) return badRequest('Nothing to publish: give ws, stream or response');
  const done = ctx.publish(body.channel, formats);
  if (body.background === true) {
    // The response goes out first; the platform must keep the publish alive.
    ctx.waitUntil(done);
    return new Response('Publishing\n', { status: 202, headers: { 'Content-Type': 'text/plain' } });
  }
  await done;
  return new Response('Published\n', { headers: { 'Content-Type': 'text/plain' } });
};
