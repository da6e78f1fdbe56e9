import { pendingWork } from '@faas-grip/core/adapter';
import type { Context } from 'hono';

export interface RequestWork {
  waitUntil(promise: Promise<unknown>): void;
  /** Resolves when the work may be left to the runtime (at once where it keeps it alive). */
  settle(): Promise<void>;
}

/**
 * The runtime's `waitUntil` for one request. Workers (and other hosts that
 * pass an execution context to `app.fetch`) keep the invocation alive for the
 * work. Without one (Lambda, Vercel, Node) nothing says the process outlives
 * the response, so the work is awaited before the response is returned.
 */
export function requestWork(c: Context): RequestWork {
  let execution: { waitUntil(promise: Promise<unknown>): void } | undefined;
  try {
    execution = c.executionCtx;
  } catch {
    // Hono throws when the runtime passed no execution context.
  }
  if (execution === undefined) {
    const work = pendingWork();
    return { waitUntil: work.add, settle: work.settle };
  }
  const context = execution;
  // workerd throws "Illegal invocation" if waitUntil loses its receiver.
  return { waitUntil: (promise) => context.waitUntil(promise), settle: async () => {} };
}
