import type { IncomingMessage } from 'node:http';

/** A body over the limit it was read with. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`body is larger than ${limit} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/** True when the message announces a `Content-Length` over `limit`, so nothing needs reading to refuse it. */
export function announcesMoreThan(message: IncomingMessage, limit: number): boolean {
  const length = message.headers['content-length'];
  return length !== undefined && /^\d+$/.test(length) && Number(length) > limit;
}

/**
 * Reads a whole body of at most `limit` bytes. Past the limit it stops reading
 * and rejects with `BodyTooLargeError`, leaving the stream open so that the
 * caller can still answer on the same connection (then close it).
 */
export function readBody(stream: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = (error?: Error) => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onFailure);
      stream.off('close', onClose);
      if (error !== undefined) reject(error);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        stream.pause();
        stop(new BodyTooLargeError(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      stop();
      resolve(Buffer.concat(chunks, size));
    };
    const onFailure = (error: Error) => stop(error);
    const onClose = () => stop(new Error('the connection closed before the body was complete'));
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onFailure);
    stream.on('close', onClose);
  });
}
