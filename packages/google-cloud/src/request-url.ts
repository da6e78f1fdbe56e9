import type { IncomingMessage } from 'node:http';
import { GripError } from '@faas-grip/core';
import { requestUrl as nodeRequestUrl, type RequestUrlOptions } from '@faas-grip/node/bridge';

/**
 * The scheme the client used. Cloud Run's front end terminates TLS and sets
 * `X-Forwarded-Proto`, replacing any value a client sent; locally there is
 * none and the socket tells (`undefined`).
 */
function schemeOf(req: IncomingMessage): 'http' | 'https' | undefined {
  const forwarded = req.headers['x-forwarded-proto'];
  return forwarded === 'https' || forwarded === 'http' ? forwarded : undefined;
}

/**
 * Where the URL of a request comes from. Express may rewrite `req.url` while
 * routing; `originalUrl` keeps the target. Throws a 400 `GripError` for a
 * target Cloud Run's front end would not have sent.
 */
export function urlOptions(req: IncomingMessage & { originalUrl?: string }): RequestUrlOptions {
  const target = req.originalUrl ?? req.url ?? '/';
  // Cloud Run's front end sends the origin form only; an absolute target did not come through it.
  if (target[0] !== '/') throw new GripError(400, 'Invalid request target');
  const scheme = schemeOf(req);
  return scheme === undefined ? { target } : { target, scheme };
}

/**
 * The absolute URL of a request as the client sent it. Throws a 400
 * `GripError` for a Host or target that would not make this URL.
 */
export function requestUrl(req: IncomingMessage & { originalUrl?: string }): string {
  return nodeRequestUrl(req, urlOptions(req));
}
