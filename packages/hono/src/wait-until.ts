import type { Context } from 'hono';

/**
 * The runtime's `waitUntil` for one request. Workers (and other hosts that
 * pass an execution context to `app.fetch`) keep the invocation alive for the
 * work; elsewhere (Node, Bun) the process outlives the response anyway, so
 * the work just runs on.
 */
export function waitUntilFor(c: Context): (promise: Promise<unknown>) => void {
  let execution: { waitUntil(promise: Promise<unknown>): void } | undefined;
  try {
    execution = c.executionCtx;
  } catch {
    // Hono throws when the runtime passed no execution context.
  }
  if (execution === undefined) return () => {};
  const context = execution;
  // workerd throws "Illegal invocation" if waitUntil loses its receiver.
  return (promise) => context.waitUntil(promise);
}
