import type { IncomingMessage } from 'node:http';
import { GripError } from '@faas-grip/core';

/**
 * The scheme the client used. Cloud Run's front end terminates TLS and sets
 * `X-Forwarded-Proto`, replacing any value a client sent; locally there is
 * none and the socket tells.
 */
function schemeOf(req: IncomingMessage): 'http' | 'https' {
  const forwarded = req.headers['x-forwarded-proto'];
  if (forwarded === 'https' || forwarded === 'http') return forwarded;
  return (req.socket as { encrypted?: boolean } | null)?.encrypted === true ? 'https' : 'http';
}

/**
 * The absolute URL of a request as the client sent it. Express may rewrite
 * `req.url` while routing; `originalUrl` keeps the target. Throws a 400
 * `GripError` for a Host or target that would not make this URL.
 */
export function requestUrl(req: IncomingMessage & { originalUrl?: string }): string {
  const target = req.originalUrl ?? req.url ?? '/';
  const query = target.indexOf('?');
  const backslash = target.indexOf('\\');
  // A backslash is a slash to the URL parser, but not to a proxy that routed on it.
  if (backslash !== -1 && (query === -1 || backslash < query)) {
    throw new GripError(400, 'Backslash in the request path');
  }
  if (target[0] !== '/') throw new GripError(400, 'Invalid request target');
  const host = req.headers.host;
  if (host === undefined || host === '') throw new GripError(400, 'Missing Host header');
  let url: URL;
  try {
    url = new URL(`${schemeOf(req)}://${host}${target}`);
  } catch {
    throw new GripError(400, 'Invalid Host header or request target');
  }
  // The same rule as @faas-grip/node: the URL parser decides what a host is
  // (so `my_app:8080`, a Docker service name, passes), and a Host carrying user
  // info, a path or a second host, which would move the URL elsewhere, does not.
  if (url.host !== host.toLowerCase() && url.hostname !== host.replace(/:\d+$/, '').toLowerCase()) {
    throw new GripError(400, 'Invalid Host header');
  }
  return url.href;
}
