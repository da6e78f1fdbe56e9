import { BytesResponse, plainHeadersOf, unreadBody } from './bytes-response.js';
import { type ResponseBytes, recordedBytes, takesBytes } from './response-registry.js';

export type { ResponseBytes };

/**
 * Marks `request` as answered by an adapter that sends core's Responses from
 * their bytes (through {@link responseBytes}) and reads any other Response
 * through its public members only. Core then builds its Responses for that
 * request without a body stream until one is asked for.
 */
export function answerWithBytes(request: object): void {
  takesBytes(
    request,
    (body, init) => new BytesResponse(body, init) as unknown as Response,
    (response) => (response instanceof BytesResponse ? plainHeadersOf(response) : undefined),
  );
}

/**
 * The body of a Response core created, for an adapter to send without a
 * stream, or undefined: for any other Response, and for one whose body was
 * already read or is being read. The status is the Response's; the headers
 * are `headers` when given (nothing has asked for the Response's yet), else
 * the Response's own, since core and handlers may change them after creation.
 */
export function responseBytes(response: Response): ResponseBytes | undefined {
  if (response instanceof BytesResponse) return unreadBody(response as unknown as BytesResponse);
  return recordedBytes(response);
}
