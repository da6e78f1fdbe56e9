import type { IncomingMessage, ServerResponse } from 'node:http';
import { announcesMoreThan, BodyTooLargeError, readBody } from '../body.js';
import { describeError } from '../engine/guard.js';
import { answerPlain, type HttpClient, type HttpDeps } from '../engine/http/client.js';
import { proxyHttpRequest, refusedAsForged, refuseTooLarge } from '../engine/http/exchange.js';
import { responseClient } from './response-client.js';

/** A plain-text answer from the proxy itself (or a dropped connection, once a response has started). */
export function plainAnswer(res: ServerResponse, status: number, message: string): void {
  answerPlain(responseClient(res), status, message);
}

/**
 * Proxies one plain HTTP request from node:http: its body is read (a body
 * over the limit is refused before it is all read), then the engine holds or
 * passes on the origin's answer.
 */
export async function proxyHttp(deps: HttpDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const client: HttpClient = responseClient(res);
  const method = req.method ?? 'GET';
  const path = req.url ?? '/';
  if (refusedAsForged(deps, { method, path, headers: req.headers }, client)) return;
  const limit = deps.limits.requestBodyBytes;
  // The answer goes out before the body is read; the connection then closes.
  if (announcesMoreThan(req, limit)) {
    refuseTooLarge(deps, { method, path }, client);
    return;
  }
  let body: Buffer;
  try {
    body = await readBody(req, limit);
  } catch (error) {
    if (error instanceof BodyTooLargeError) refuseTooLarge(deps, { method, path }, client);
    else {
      const message = `client request ended early: ${describeError(error)}`;
      deps.log({ level: 'info', scope: `http ${method} ${path}`, message });
    }
    return;
  }
  const request = {
    method,
    path,
    headers: req.headers,
    host: req.headers.host,
    body,
  };
  await proxyHttpRequest(deps, request, client);
}
