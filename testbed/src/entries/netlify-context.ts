/**
 * What Netlify documents for a Function's or Edge Function's second argument
 * and for the `Netlify` global, as plain objects: the stand-in the Netlify
 * entries run the adapter with, in Node and in Deno. Written without Node or
 * Deno APIs so the Edge entry can bundle it.
 */

/** `Netlify.env` over a fixed set of variables. */
export function netlifyGlobal(vars: Record<string, string>) {
  const env = new Map(Object.entries(vars));
  return {
    context: null,
    env: {
      get: (name: string) => env.get(name),
      has: (name: string) => env.has(name),
      set: (name: string, value: string) => void env.set(name, value),
      delete: (name: string) => void env.delete(name),
      toObject: () => Object.fromEntries(env),
    },
  };
}

let requests = 0;

/** The Context Netlify passes with `request`; `waitUntil` goes to the given tracker. */
export function netlifyContext(request: Request, waitUntil: (promise: Promise<unknown>) => void) {
  const url = new URL(request.url);
  return {
    account: { id: 'local-account' },
    cookies: {
      get: () => undefined,
      set: () => undefined,
      delete: () => undefined,
    },
    deploy: { context: 'dev', id: 'local-deploy', published: false },
    geo: {},
    ip: '127.0.0.1',
    json: (input: unknown) => Response.json(input),
    log: (...data: unknown[]) => console.log(...data),
    next: () => Promise.reject(new Error('this stand-in has nothing behind the function')),
    params: {},
    requestId: `local-${++requests}`,
    server: { region: 'local' },
    site: { id: 'local-site', name: 'local', url: url.origin },
    url,
    waitUntil,
  };
}
