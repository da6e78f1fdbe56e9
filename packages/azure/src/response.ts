import { responseBytes } from '@faas-grip/core/adapter';
import { isConnectionHeader } from '@faas-grip/core/protocol';
import { cookieFromSetCookie } from './set-cookie.js';
import type { AzureCookie, AzureHttpResponseInit } from './types.js';

/** A stream's chunks as an async iterable, the body type every version of the library's types accepts. */
async function* chunks(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  let finished = false;
  try {
    for (;;) {
      const next = await reader.read();
      if (next.done) {
        finished = true;
        return;
      }
      yield next.value;
    }
  } finally {
    // The host stopped reading (the client left): stop the handler's stream too.
    if (!finished) await reader.cancel().catch(() => undefined);
  }
}

/**
 * A Response as the `HttpResponseInit` the Functions host writes back.
 * The host takes headers as one value per name, so a second `Set-Cookie`
 * would overwrite the first: when there are several, they go in `cookies`
 * instead, which the host writes one line each. Framing headers are the
 * host's to set.
 */
export function responseInit(response: Response): AzureHttpResponseInit {
  const headers = new Headers();
  for (const [name, value] of response.headers) {
    if (name !== 'set-cookie' && name !== 'content-length' && !isConnectionHeader(name)) {
      headers.set(name, value);
    }
  }
  const lines = response.headers.getSetCookie();
  let cookies: AzureCookie[] | undefined;
  if (lines.length === 1) headers.set('set-cookie', lines[0]!);
  else if (lines.length > 1) {
    cookies = [];
    for (const line of lines) {
      const cookie = cookieFromSetCookie(line);
      if (cookie !== null) cookies.push(cookie);
    }
  }
  const init: AzureHttpResponseInit = { status: response.status, headers };
  if (cookies !== undefined) init.cookies = cookies;
  const known = responseBytes(response);
  if (known !== undefined) {
    const body = known.body;
    if (body !== null && body !== undefined)
      init.body = typeof body === 'string' ? new TextEncoder().encode(body) : body;
  } else if (response.body !== null) {
    init.body = chunks(response.body);
  }
  return init;
}
