import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { GripError } from '@faas-grip/core';
import { lazyRequest } from '@faas-grip/core/adapter';

/** Where a request's URL comes from, for a server in front of Node that knows better than the message. */
export interface RequestUrlOptions {
  /** The target as the client sent it (default `req.url`). */
  target?: string;
  /** The scheme the client used (default: the socket's). */
  scheme?: 'http' | 'https';
  /** The host to assume for a request without a Host header (HTTP/1.0). */
  defaultHost?: string;
}

/**
 * The absolute URL of a request, refusing targets and hosts a URL would
 * silently rewrite. Throws a 400 `GripError` for a target or Host that makes
 * no valid URL.
 */
export function requestUrl(req: IncomingMessage, options: RequestUrlOptions = {}): string {
  const target = options.target ?? req.url ?? '/';
  const scheme =
    options.scheme ?? ((req.socket as { encrypted?: boolean } | null)?.encrypted === true ? 'https' : 'http');
  // A backslash in the path is a slash to the URL parser, but not to a proxy that routed on it.
  const backslash = target.indexOf('\\');
  const query = target.indexOf('?');
  if (backslash !== -1 && (query === -1 || backslash < query)) {
    throw new GripError(400, 'Backslash in the request path');
  }
  if (target[0] !== '/') {
    // Absolute form, which proxies may send.
    if (!target.startsWith('http://') && !target.startsWith('https://')) {
      throw new GripError(400, 'Invalid request target');
    }
    try {
      return new URL(target).href;
    } catch {
      throw new GripError(400, 'Invalid request target');
    }
  }
  const host = req.headers.host ?? options.defaultHost;
  if (host === undefined || host === '') throw new GripError(400, 'Missing Host header');
  let url: URL;
  try {
    url = new URL(`${scheme}://${host}${target}`);
  } catch {
    throw new GripError(400, 'Invalid Host header or request target');
  }
  // A Host carrying a path, user info or another host would move the URL elsewhere.
  if (url.host !== host.toLowerCase() && url.hostname !== host.replace(/:\d+$/, '').toLowerCase()) {
    throw new GripError(400, 'Invalid Host header');
  }
  return url.href;
}

function headersOf(req: IncomingMessage, decoded: boolean): Headers {
  const raw = req.rawHeaders;
  const headers = new Headers();
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!;
    // HTTP/2 pseudo-headers are not headers.
    if (name.charCodeAt(0) === 58) continue;
    // Bytes already decoded carry neither the encoding nor the length they came with.
    if (decoded) {
      const lower = name.toLowerCase();
      if (lower === 'content-encoding' || lower === 'content-length') continue;
    }
    headers.append(name, raw[i + 1]!);
  }
  return headers;
}

/**
 * The chunks in one buffer of their own. Small Buffers from the socket (and
 * what `Buffer.concat` makes of them) are views into Node's shared pool,
 * whose `.buffer` holds other requests' bytes: never hand one out.
 */
function joined(chunks: readonly Buffer[]): Uint8Array {
  let length = 0;
  for (const chunk of chunks) length += chunk.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/** Reads the whole body straight from the socket into one buffer. */
function readBody(req: IncomingMessage): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    if (req.readableEnded) {
      resolve(new Uint8Array(0));
      return;
    }
    const chunks: Buffer[] = [];
    const done = (error?: Error) => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('close', onClose);
      // The error listener stays: a late error on a request given up on must not be unhandled.
      if (error !== undefined) reject(error);
      else resolve(joined(chunks));
    };
    const onData = (chunk: Buffer) => chunks.push(chunk);
    const onEnd = () => done();
    // Before the end, an error ("aborted", ECONNRESET) or a close is the
    // client leaving: a 4xx of the client's, not reported as the function's failure.
    const left = () =>
      done(new GripError(400, 'The client closed the connection before the body was complete'));
    const onError = () => left();
    const onClose = () => {
      if (!req.readableEnded) left();
    };
    req.on('data', onData);
    req.once('end', onEnd);
    req.on('error', onError);
    req.once('close', onClose);
  });
}

/** A signal that aborts when the client leaves before the response is complete. */
function closeSignal(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  const abortIfUnfinished = () => {
    if (!res.writableFinished)
      controller.abort(new Error('Client connection closed before the response was complete'));
  };
  if (res.closed) abortIfUnfinished();
  else res.once('close', abortIfUnfinished);
  return controller.signal;
}

/** What a server in front of Node (a framework that read the body already) tells about a request. */
export interface NodeRequestOptions extends RequestUrlOptions {
  /** The body's bytes, when something already read them off the stream. */
  body?: Uint8Array;
  /** The `body` bytes have had the message's Content-Encoding undone. */
  decoded?: boolean;
}

/** The bytes in a buffer of their own: a small Buffer may be a view into Node's shared pool. */
function ownBytes(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(bytes);
}

/**
 * The Request a handler sees for one Node request. Method, URL and headers
 * are read from the message; the body is read into bytes only when the
 * handler asks for it (unless `options.body` holds them already), and a real
 * Request is built only for what needs one. Throws a 400 `GripError` for a
 * target or Host that makes no valid URL.
 */
export function nodeRequest(
  req: IncomingMessage,
  res: ServerResponse,
  options: NodeRequestOptions = {},
): Request {
  const method = req.method ?? 'GET';
  // A message has a body only if it says so (RFC 9112 §6.3).
  const framed =
    req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined;
  const hasBody = framed && method !== 'GET' && method !== 'HEAD';
  const read = options.body;
  const decoded = read !== undefined && options.decoded === true;
  return lazyRequest({
    method,
    url: requestUrl(req, options),
    headers: () => headersOf(req, decoded),
    body: !hasBody ? null : read !== undefined ? ownBytes(read) : () => readBody(req),
    stream: () =>
      read !== undefined
        ? new Blob([ownBytes(read)]).stream()
        : (Readable.toWeb(req) as ReadableStream<Uint8Array>),
    signal: () => closeSignal(res),
  });
}
