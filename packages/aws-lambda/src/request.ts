import { GripError } from '@faas-grip/core';

export interface RequestParts {
  method: string;
  /** Path as the front door reports it; `?` and `#` in it belong to the path. */
  path: string;
  /** Encoded query string without the `?`. */
  query: string;
  headers: Headers;
  /** Host to use when the event carries no Host header. */
  domainName: string | undefined;
  body: Uint8Array<ArrayBuffer> | null;
}

/** Adds each value to `headers`; AWS has already split repeated headers into arrays. */
export function appendHeaders(
  headers: Headers,
  single: Readonly<Record<string, string | undefined>> | null | undefined,
  multi: Readonly<Record<string, readonly string[] | undefined>> | null | undefined,
): Headers {
  try {
    if (multi && Object.keys(multi).length > 0) {
      for (const [name, values] of Object.entries(multi)) {
        for (const value of values ?? []) headers.append(name, value);
      }
    } else if (single) {
      for (const [name, value] of Object.entries(single)) {
        if (value !== undefined) headers.append(name, value);
      }
    }
  } catch (cause) {
    throw new GripError(400, `The event carries a header that is not valid HTTP (${String(cause)})`, {
      cause,
    });
  }
  return headers;
}

function escapePath(path: string): string {
  const absolute = path.startsWith('/') ? path : `/${path}`;
  return absolute.replace(/[?#]/g, (c) => (c === '?' ? '%3F' : '%23'));
}

function firstValue(value: string | null): string | undefined {
  const first = value?.split(',', 1)[0]?.trim();
  return first === '' ? undefined : first;
}

/** The Web `Request` a handler sees for one Lambda event. */
export function buildRequest(parts: RequestParts): Request {
  const proto = firstValue(parts.headers.get('x-forwarded-proto'))?.toLowerCase() ?? 'https';
  const host = parts.headers.get('host') ?? parts.domainName ?? 'localhost';
  const target = `${proto === 'http' ? 'http' : 'https'}://${host}${escapePath(parts.path)}${parts.query === '' ? '' : `?${parts.query}`}`;
  let url: URL;
  try {
    url = new URL(target);
  } catch (cause) {
    throw new GripError(400, `The event's host and path do not form a URL: ${JSON.stringify(target)}`, {
      cause,
    });
  }
  const method = parts.method.toUpperCase();
  const hasBody = parts.body !== null && method !== 'GET' && method !== 'HEAD';
  return new Request(url, {
    method,
    headers: parts.headers,
    body: hasBody ? parts.body : null,
  });
}
