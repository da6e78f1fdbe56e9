import type { NetlifyHandler } from '@faas-grip/netlify';
import { netlifyContext, netlifyGlobal } from './netlify-context.js';

// Deno's globals, declared here: the testbed is type-checked for Node.
interface DenoServe {
  serve(
    options: { hostname: string; port: number; onListen(address: { port: number }): void },
    handler: (request: Request) => Promise<Response>,
  ): unknown;
}

/**
 * Runs inside Deno: serves `fn` on a free loopback port with the Context
 * and `Netlify` global Netlify documents, and prints the URL as
 * `{"listening": url}` once it listens. `waitUntil` work keeps running in
 * the long-lived process, as it would keep an edge invocation alive.
 */
export function serveEdgeFunction(fn: NetlifyHandler, env: Record<string, string>): void {
  const scope = globalThis as { Deno?: DenoServe; Netlify?: unknown };
  const deno = scope.Deno;
  if (deno === undefined) throw new Error('the Netlify Edge stand-in runs in Deno');
  scope.Netlify = netlifyGlobal(env);
  deno.serve(
    {
      hostname: '127.0.0.1',
      port: 0,
      onListen: ({ port }) => console.log(JSON.stringify({ listening: `http://127.0.0.1:${port}` })),
    },
    (request) =>
      fn(
        request,
        netlifyContext(request, (promise) => {
          promise.catch(() => undefined);
        }),
      ),
  );
}
