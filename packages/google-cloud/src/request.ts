import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { GripError } from '@faas-grip/core';
import { lazyRequest } from '@faas-grip/core/adapter';
import { requestUrl } from './request-url.js';

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

function headersOf(req: FrameworkRequest): Headers {
  const decoded = decodedByParser(req);
  const raw = req.rawHeaders;
  const headers = new Headers();
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!;
    // HTTP/2 pseudo-headers are not headers.
    if (name.charCodeAt(0) === 58) continue;
    const lower = name.toLowerCase();
    if (decoded && (lower === 'content-encoding' || lower === 'content-length')) continue;
    headers.append(name, raw[i + 1]!);
  }
  return headers;
}

/** The bytes in a buffer of their own: a small Buffer may be a view into Node's shared pool. */
function ownBytes(buffer: Buffer): Uint8Array<ArrayBuffer> {
  return new Uint8Array(buffer);
}

/** The rest of the body from the stream, for requests no parser read (no Content-Type). */
function readRest(req: FrameworkRequest): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    if (req.readableEnded) {
      resolve(new Uint8Array(0));
      return;
    }
    const chunks: Buffer[] = [];
    let length = 0;
    const done = (error?: Error) => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('close', onClose);
      // The error listener stays: a late error on a request given up on must not be unhandled.
      if (error !== undefined) return reject(error);
      const out = new Uint8Array(length);
      let offset = 0;
      for (const chunk of chunks) {
        out.set(chunk, offset);
        offset += chunk.length;
      }
      resolve(out);
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      length += chunk.length;
    };
    const onEnd = () => done();
    // Before the end, an error or a close is the client leaving (Node reports
    // "aborted", ECONNRESET): a 4xx of the client's, not a failure of the function.
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
 * The Request a handler sees. Its body is the framework's `rawBody`, the
 * exact bytes whatever the Content-Type (the framework's last parser takes
 * every type, `application/websocket-events` included), or, when no parser
 * read it, what is left on the stream. Throws a 400 `GripError` for a Host
 * or target that makes no valid URL.
 */
export function frameworkRequest(req: FrameworkRequest, res: ServerResponse): Request {
  const method = req.method ?? 'GET';
  const framed =
    req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined;
  const hasBody = framed && method !== 'GET' && method !== 'HEAD';
  const raw = req.rawBody;
  return lazyRequest({
    method,
    url: requestUrl(req),
    headers: () => headersOf(req),
    body: !hasBody ? null : raw !== undefined ? ownBytes(raw) : () => readRest(req),
    stream: () =>
      raw !== undefined
        ? new Blob([ownBytes(raw)]).stream()
        : (Readable.toWeb(req) as ReadableStream<Uint8Array>),
    signal: () => closeSignal(res),
  });
}
