import { textResponse } from './adapter/response-registry.js';
import { GripError, PublishError } from './errors.js';

/**
 * The response for an error a handler threw. A `GripError` answers with its
 * own status (and its message, for client errors). A failed publish is the
 * proxy's fault, not the caller's: 502, whatever status the proxy gave. Any
 * other error is a bare 500 that leaks no stack or message.
 */
export function errorResponse(error: unknown): Response {
  if (error instanceof GripError) return error.getResponse();
  if (error instanceof PublishError) {
    return textResponse('Bad Gateway: publishing to the GRIP proxy failed\n', 502);
  }
  return textResponse('Internal Server Error\n', 500);
}

/** Whether an error is the server's to report (everything but a client error the caller caused). */
export function isServerError(error: unknown): boolean {
  return !(error instanceof GripError && error.status < 500);
}
