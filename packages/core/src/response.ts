import { GripError } from './errors.js';

function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const status = (error as { status?: unknown }).status;
  return typeof status === 'number' && Number.isInteger(status) && status >= 400 && status <= 599
    ? status
    : undefined;
}

/**
 * The response for an error a handler threw: its own status when it carries
 * one (a `GripError` also shows its message), otherwise a bare 500 that leaks
 * no stack or message.
 */
export function errorResponse(error: unknown): Response {
  const status = statusOf(error);
  const headers = { 'Content-Type': 'text/plain' };
  if (status === undefined) return new Response('Internal Server Error\n', { status: 500, headers });
  if (error instanceof GripError) return error.getResponse();
  return new Response(`Request failed with status ${status}\n`, { status, headers });
}

export function isServerError(error: unknown): boolean {
  return (statusOf(error) ?? 500) >= 500;
}
