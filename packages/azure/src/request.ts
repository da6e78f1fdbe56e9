import { lazyRequest } from '@faas-grip/core/adapter';
import type { AzureHttpRequest } from './types.js';

/**
 * The Request a handler sees for one Azure invocation. The library's
 * `HttpRequest` already holds a valid URL, the headers and the body (as
 * the host's raw bytes, or as a stream when HTTP streaming is on); the
 * body is read only when the handler asks for it.
 */
export function azureRequest(request: AzureHttpRequest): Request {
  const stream = request.body as ReadableStream<Uint8Array> | null;
  return lazyRequest({
    method: request.method,
    url: request.url,
    headers: request.headers,
    body: stream === null ? null : () => request.arrayBuffer().then((buffer) => new Uint8Array(buffer)),
    ...(stream === null ? {} : { stream: () => stream }),
  });
}
