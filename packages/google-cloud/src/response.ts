import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { responseBytes } from '@faas-grip/core/adapter';
import { isConnectionHeader } from '@faas-grip/core/protocol';

function outgoingHeaders(headers: Headers): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of headers) {
    // This server frames its own connection; a Response from fetch() carries
    // the upstream's, and a length stated twice invites smuggling.
    if (name !== 'set-cookie' && name !== 'content-length' && !isConnectionHeader(name)) out[name] = value;
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

/**
 * Writes a Response to Express's `res`. A Response core built goes out from
 * its bytes in one write; any other is streamed, headers first, so a client
 * waiting for an event stream sees them before the first event.
 */
export async function writeResponse(res: ServerResponse, response: Response): Promise<void> {
  const headers = outgoingHeaders(response.headers);
  const known = responseBytes(response);
  if (known !== undefined) return writeAll(res, response.status, headers, known.body ?? undefined);
  if (response.body === null) return writeAll(res, response.status, headers);
  res.writeHead(response.status, headers);
  res.flushHeaders();
  try {
    // Backpressure both ways; a client that leaves cancels the handler's stream.
    await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream), res);
  } catch (error) {
    // The stream failed or the client left: the connection ends short, nothing more can be said.
    if (!res.destroyed) res.destroy(error instanceof Error ? error : undefined);
  }
}
