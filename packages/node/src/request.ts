import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { GripError } from '@faas-grip/core';
import { lazyRequest } from '@faas-grip/core/adapter';

/** The absolute URL of a request, refusing targets and hosts a URL would silently rewrite. */
function requestUrl(req: IncomingMessage, defaultHost: string | undefined): string {
  const target = req.url ?? '/';
  const scheme = (req.socket as { encrypted?: boolean } | null)?.encrypted === true ? 'https' : 'http';
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
  const host = req.headers.host ?? defaultHost;
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

function headersOf(req: IncomingMessage): Headers {
  const raw = req.rawHeaders;
  const headers = new Headers();
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!;
    // HTTP/2 pseudo-headers are not headers.
    if (name.charCodeAt(0) !== 58) headers.append(name, raw[i + 1]!);
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
      req.off('error', onError);
      req.off('close', onClose);
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
    req.once('error', onError);
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

/**
 * The Request a handler sees for one Node request. Method, URL and headers
 * are read from the message; the body is read into bytes only when the
 * handler asks for it, and a real Request is built only for what needs one.
 * Throws a 400 `GripError` for a target or Host that makes no valid URL.
 */
export function nodeRequest(req: IncomingMessage, res: ServerResponse, defaultHost?: string): Request {
  const method = req.method ?? 'GET';
  // A message has a body only if it says so (RFC 9112 §6.3).
  const framed =
    req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined;
  const hasBody = framed && method !== 'GET' && method !== 'HEAD';
  return lazyRequest({
    method,
    url: requestUrl(req, defaultHost),
    headers: () => headersOf(req),
    body: hasBody ? () => readBody(req) : null,
    stream: () => Readable.toWeb(req) as ReadableStream<Uint8Array>,
    signal: () => closeSignal(res),
  });
}
