import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { responseBytes } from '@faas-grip/core/adapter';
import { isConnectionHeader } from '@faas-grip/core/protocol';

function outgoingHeaders(headers: Headers): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of headers) {
    // Headers of one connection are this server's to frame: a Response from
    // fetch() carries the upstream's, and a length stated twice invites smuggling.
    if (name !== 'set-cookie' && !isConnectionHeader(name)) out[name] = value;
  }
  // Cookie dates hold commas, so each Set-Cookie stays a line of its own.
  const cookies = headers.getSetCookie();
  if (cookies.length > 0) out['set-cookie'] = cookies;
  return out;
}

function writeAll(
  res: ServerResponse,
  status: number,
  headers: OutgoingHttpHeaders,
  body?: string | Uint8Array,
) {
  // The length of the bytes actually sent, whatever the Response claimed.
  if (body !== undefined) {
    headers['content-length'] = typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
  }
  res.writeHead(status, headers);
  res.end(body);
}

// Resolves with the chunk if the stream has it now, else with undefined.
const notYet = Symbol('not yet');
function readNow<T>(read: Promise<T>): Promise<T | typeof notYet> {
  return Promise.race([read, new Promise<typeof notYet>((resolve) => setImmediate(resolve, notYet))]);
}

async function writeStream(
  res: ServerResponse,
  status: number,
  headers: OutgoingHttpHeaders,
  body: ReadableStream<Uint8Array>,
): Promise<void> {
  const reader = body.getReader();
  // A client that leaves stops the handler's stream.
  const cancel = () => {
    if (!res.writableFinished) reader.cancel().catch(() => undefined);
  };
  res.once('close', cancel);
  try {
    // A body that is complete at once gets a Content-Length; one still coming
    // is chunked, with the headers sent at once (an event stream's client
    // must not wait for the first event to see them).
    let pending: Promise<ReadableStreamReadResult<Uint8Array>> | undefined = reader.read();
    const first = await readNow(pending);
    if (first !== notYet && first.done) return writeAll(res, status, headers, new Uint8Array(0));
    let second: ReadableStreamReadResult<Uint8Array> | typeof notYet = notYet;
    if (first !== notYet) {
      pending = reader.read();
      second = await readNow(pending);
      if (second !== notYet && second.done) return writeAll(res, status, headers, first.value);
    }
    // Node frames what is still coming itself; a stated length could be wrong.
    delete headers['content-length'];
    res.writeHead(status, headers);
    if (first === notYet) res.flushHeaders();
    else {
      res.write(first.value);
      if (second !== notYet) {
        pending = undefined;
        if (!res.write(second.value)) await drained(res);
      }
    }
    for (;;) {
      const next = await (pending ?? reader.read());
      pending = undefined;
      if (next.done) break;
      if (res.destroyed) return;
      if (!res.write(next.value)) await drained(res);
    }
    res.end();
  } finally {
    res.off('close', cancel);
  }
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });
}

/**
 * Writes a Response to Node's `res`. A Response core built goes out from its
 * bytes in one write; any other is read from its stream as it comes.
 */
export async function writeResponse(res: ServerResponse, response: Response): Promise<void> {
  const headers = outgoingHeaders(response.headers);
  const known = responseBytes(response);
  if (known !== undefined) return writeAll(res, response.status, headers, known.body ?? undefined);
  if (response.body === null) return writeAll(res, response.status, headers);
  try {
    await writeStream(res, response.status, headers, response.body);
  } catch (error) {
    // The handler's stream failed: a 500 if nothing was sent yet, else the connection ends short.
    if (!res.headersSent) {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('Internal Server Error\n');
    } else {
      res.destroy(error instanceof Error ? error : new Error('The response stream failed'));
    }
  }
}
