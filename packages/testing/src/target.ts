import type { GripHandler, GripOptions } from '@faas-grip/core';
import { handleRequest } from '@faas-grip/core/adapter';

/**
 * The execution context the kit hands a {@link FetchTarget}: what a Worker
 * module's `fetch` and a Hono app's `fetch` are given on Workers, and what
 * Vercel's `fetch` takes as its context.
 */
// A type rather than an interface: only a type fits a context type with an index signature (Vercel's).
export type TestExecutionContext = {
  /** Work to finish after the response; `proxy.settled()` waits for it. */
  waitUntil(promise: Promise<unknown>): void;
  /** Does nothing: behind the kit there is no origin to fall back to. */
  passThroughOnException(): void;
  /** What a service binding would pass (Workers' `ctx.props`): empty. */
  readonly props: Record<string, unknown>;
};

/**
 * An app as it is deployed, answering Web Requests: a Hono app, a Worker
 * module's default export, or any `{ fetch }` around an adapter. It gets the
 * proxy's `env` as its second argument; its adapter publishes to the kit only
 * when given `proxy.publishFetch` as its `publishFetch` option.
 */
export interface FetchTarget<Env> {
  /**
   * Called for each request the proxy sends, looked up at that moment. A
   * property rather than a method, so that a `fetch` needing more of its
   * context than the kit gives fails to type-check.
   */
  fetch: (request: Request, env: Env, ctx: TestExecutionContext) => Response | Promise<Response>;
}

/** What the kit's proxy calls: a handler (through core's `handleRequest`), or an app as deployed. */
export type TestTarget<Env> = GripHandler<Env> | FetchTarget<Env>;

/** How the kit's origin reaches the target. */
export interface TargetSetup<Env> {
  env: Env;
  /** Tracks work handed to `waitUntil`. */
  waitUntil(promise: Promise<unknown>): void;
  /** The `grip` option of the test proxy: for `handleRequest`, so a FetchTarget (whose adapter has its own) refuses it. */
  grip: Omit<GripOptions, 'publishFetch'> | undefined;
  /** Where a GripHandler's publishes go. */
  publishFetch: typeof fetch;
}

/**
 * The target as a function of a Request. A FetchTarget's `fetch` is looked up
 * at each request, not now, so an app may finish its setup (say, register
 * middleware given `proxy.publishFetch`) after the proxy is made.
 */
export function targetOrigin<Env>(
  target: TestTarget<Env>,
  setup: TargetSetup<Env>,
): (request: Request) => Promise<Response> {
  const { env, waitUntil, grip, publishFetch } = setup;
  if (typeof target === 'function') {
    const options: GripOptions = { ...grip, publishFetch };
    return (request) => handleRequest(target, request, { env, waitUntil }, options);
  }
  if (typeof target !== 'object' || target === null || typeof target.fetch !== 'function') {
    throw new TypeError('createTestProxy takes a GripHandler function or an object with a fetch method');
  }
  if (grip !== undefined) {
    throw new TypeError(
      "the grip option configures a GripHandler; an app given as { fetch } takes them in its adapter's options",
    );
  }
  return async (request) => {
    // A fresh context per request, as Workers gives each invocation its own.
    const ctx: TestExecutionContext = {
      waitUntil: (promise) => waitUntil(promise),
      passThroughOnException: () => {},
      props: {},
    };
    return target.fetch(request, env, ctx);
  };
}
