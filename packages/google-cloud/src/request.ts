import type { IncomingMessage, ServerResponse } from 'node:http';
import { nodeRequest } from '@faas-grip/node/bridge';
import { urlOptions } from './request-url.js';

/**
 * The request as the Functions Framework hands it over: Express's, whose body
 * parsers have usually read the body already and kept its bytes in `rawBody`.
 */
export interface FrameworkRequest extends IncomingMessage {
  /** The body's bytes, kept by the framework's body parsers; absent when none of them read it. */
  rawBody?: Buffer;
  /** The target before Express's routing rewrote `url`. */
  originalUrl?: string;
}

/** The framework's parsers undo a Content-Encoding; the bytes then carry none. */
function decodedByParser(req: FrameworkRequest): boolean {
  const encoding = req.headers['content-encoding'];
  return req.rawBody !== undefined && encoding !== undefined && encoding.toLowerCase() !== 'identity';
}

/**
 * The Request a handler sees. Its body is the framework's `rawBody`, the
 * exact bytes whatever the Content-Type (the framework's last parser takes
 * every type, `application/websocket-events` included), or, when no parser
 * read it, what is left on the stream. Throws a 400 `GripError` for a Host
 * or target that makes no valid URL.
 */
export function frameworkRequest(req: FrameworkRequest, res: ServerResponse): Request {
  const body = req.rawBody === undefined ? {} : { body: req.rawBody, decoded: decodedByParser(req) };
  return nodeRequest(req, res, { ...urlOptions(req), ...body });
}
