import { handle, type NetlifyContext, type NetlifyHandler } from '@faas-grip/netlify';
import { conformanceApp } from '../app/index.js';
import { serveLoopback } from './loopback-host.js';
import { netlifyContext, netlifyGlobal } from './netlify-context.js';
import type { OriginEntry } from './types.js';

type WithNetlify = { Netlify?: unknown };

/**
 * Serves a Netlify Function (v2) in Node as Netlify's CLI and runtime would,
 * which are not installed here: a loopback host gives it what Netlify
 * documents, a Web Request with the whole body, the Context (with
 * `waitUntil`), and the `Netlify` global with `env` as `Netlify.env`. Its
 * work is awaited at stop, as Netlify keeps an invocation alive for it.
 */
export async function serveNetlifyFunction(
  load: () => NetlifyHandler | Promise<NetlifyHandler>,
  env: Record<string, string>,
): Promise<{ url: string; stop(): Promise<void> }> {
  const scope = globalThis as WithNetlify;
  const previous = scope.Netlify;
  scope.Netlify = netlifyGlobal(env);
  const fn = await load();
  const pending = new Set<Promise<unknown>>();
  const host = await serveLoopback(async ({ method, url, rawHeaders, body }) => {
    const headers = new Headers();
    for (let i = 0; i + 1 < rawHeaders.length; i += 2) headers.append(rawHeaders[i]!, rawHeaders[i + 1]!);
    const hasBody = method !== 'GET' && method !== 'HEAD';
    const request = new Request(url, hasBody ? { method, headers, body } : { method, headers });
    const context: NetlifyContext = netlifyContext(request, (promise) => {
      const tracked = promise.catch(() => undefined);
      pending.add(tracked);
      void tracked.then(() => pending.delete(tracked));
    });
    const response = await fn(request, context);
    const lines: [string, string][] = [];
    for (const [name, value] of response.headers) if (name !== 'set-cookie') lines.push([name, value]);
    for (const cookie of response.headers.getSetCookie()) lines.push(['set-cookie', cookie]);
    return { status: response.status, headers: lines, body: response.body ?? new Uint8Array(0) };
  });
  return {
    url: host.url,
    async stop() {
      await host.stop();
      await Promise.all(pending);
      scope.Netlify = previous;
    },
  };
}

/** The app as a Netlify Function, `export default handle(app)`, in Node with Netlify's documented context. */
export const netlifyFunctionEntry: OriginEntry = {
  name: "netlify-function (in Node with Netlify's documented context)",
  start: (env) => serveNetlifyFunction(() => handle(conformanceApp), env),
};
