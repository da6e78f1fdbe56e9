/**
 * The second argument Vercel passes to a Web handler. The Node.js and Edge
 * runtimes put `waitUntil` on it; Next.js route handlers get `{ params }`
 * instead, which this type also accepts.
 */
export interface VercelContext {
  waitUntil?: (promise: Promise<unknown>) => void;
  readonly [key: string]: unknown;
}

type WaitUntil = (promise: Promise<unknown>) => void;

// Vercel's runtimes (and Next.js on Vercel) publish the current invocation
// under this global symbol; it is what `waitUntil` from `@vercel/functions`
// reads. That package is not imported here because its entry reads
// `process.env` on load, which throws on Edge hosts without `process`.
const REQUEST_CONTEXT = Symbol.for('@vercel/request-context');

type RequestContextHolder = { [REQUEST_CONTEXT]?: { get?: () => { waitUntil?: WaitUntil } | undefined } };

function requestContextWaitUntil(): WaitUntil | undefined {
  const waitUntil = (globalThis as RequestContextHolder)[REQUEST_CONTEXT]?.get?.()?.waitUntil;
  return typeof waitUntil === 'function' ? waitUntil : undefined;
}

/**
 * The platform's `waitUntil` for one request: the one on the handler's
 * context when Vercel passed one, else the invocation's request context
 * (Next.js route handlers). Where neither exists (plain Node, tests), the
 * work runs on unawaited, which a long-lived process allows.
 */
export function waitUntilFor(context: VercelContext | undefined): WaitUntil {
  const own = context?.waitUntil;
  if (typeof own === 'function') return (promise) => own.call(context, promise);
  return (promise) => {
    requestContextWaitUntil()?.(promise);
  };
}
