import { randomUUID } from 'node:crypto';
import { type HttpHandler, HttpRequest, HttpResponse, InvocationContext } from '@azure/functions';
import { handle } from '@faas-grip/azure';
import { conformanceApp } from '../app/index.js';
import { serveLoopback } from './loopback-host.js';
import type { OriginEntry } from './types.js';

/** A cookie line as the host writes one from `HttpResponse.cookies`. */
function cookieLine(cookie: HttpResponse['cookies'][number]): string {
  const parts = [`${cookie.name}=${cookie.value}`];
  if (cookie.domain !== undefined) parts.push(`Domain=${cookie.domain}`);
  if (cookie.path !== undefined) parts.push(`Path=${cookie.path}`);
  if (cookie.expires !== undefined) parts.push(`Expires=${new Date(cookie.expires).toUTCString()}`);
  if (cookie.maxAge !== undefined) parts.push(`Max-Age=${cookie.maxAge}`);
  if (cookie.secure) parts.push('Secure');
  if (cookie.httpOnly) parts.push('HttpOnly');
  if (cookie.sameSite !== undefined) parts.push(`SameSite=${cookie.sameSite}`);
  return parts.join('; ');
}

/**
 * A STAND-IN for the Functions host, which cannot run here: a loopback
 * server that builds `@azure/functions`' own `HttpRequest` (body as raw
 * bytes, headers as one value per name, as the host sends them) and
 * `InvocationContext` for each request, and writes the result back the way
 * the library hands it to the host without HTTP streaming: `HttpResponse`,
 * one value per header name, `cookies` as lines of their own, the whole
 * body. Paths reach the function unprefixed, as with `routePrefix: ""` in
 * host.json.
 */
export function serveAzureFunction(fn: HttpHandler): Promise<{ url: string; stop(): Promise<void> }> {
  return serveLoopback(async ({ method, url, rawHeaders, body }) => {
    const headers: Record<string, string> = {};
    for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
      const name = rawHeaders[i]!.toLowerCase();
      const value = rawHeaders[i + 1]!;
      headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
    }
    const request = new HttpRequest({
      method,
      url,
      headers,
      body: { bytes: body },
      params: { path: new URL(url).pathname.slice(1) },
    });
    const context = new InvocationContext({ invocationId: randomUUID(), functionName: 'conformance' });
    const result = await fn(request, context);
    const response = result instanceof HttpResponse ? result : new HttpResponse(result ?? {});
    // One value per name, the last one winning, as the library's conversion for the host does.
    const single = new Map<string, string>();
    for (const [name, value] of response.headers) single.set(name, value);
    const lines = [...single];
    for (const cookie of response.cookies) lines.push(['set-cookie', cookieLine(cookie)]);
    return { status: response.status, headers: lines, body: new Uint8Array(await response.arrayBuffer()) };
  });
}

/** The app as an Azure Function, `handler: handle(app)`, behind the stand-in host. */
export const azureEntry: OriginEntry = {
  name: 'azure (stand-in for the Functions host, with @azure/functions’ own types)',
  start: (env) => serveAzureFunction(handle(conformanceApp, { env })),
};
