const SETTLED: Promise<void> = Promise.resolve();

export interface PendingWork {
  /**
   * Tracks `promise` (a `waitUntil` target); its rejection is the caller's to
   * report. It does not use `this`, so it can be passed as `waitUntil` as it is.
   */
  add(this: void, promise: Promise<unknown>): void;
  /** Resolves once all tracked work has settled, including work added meanwhile. */
  settle(this: void): Promise<void>;
}

/**
 * `waitUntil` for platforms that have none: Lambda, which freezes the process
 * once the handler's promise settles, waits for it before answering; a
 * long-lived Node server waits for it at shutdown. Nothing is kept until work
 * is added, since most invocations leave none, so an adapter can make one per
 * invocation.
 */
export function pendingWork(): PendingWork {
  let pending: Set<Promise<unknown>> | undefined;
  return {
    add(promise) {
      const tracked = promise.then(
        () => undefined,
        () => undefined,
      );
      pending ??= new Set();
      const set = pending;
      set.add(tracked);
      void tracked.then(() => set.delete(tracked));
    },
    settle() {
      // Most invocations added nothing: no async frame for them.
      if (pending === undefined || pending.size === 0) return SETTLED;
      const set = pending;
      return (async () => {
        while (set.size > 0) await Promise.all(set);
      })();
    },
  };
}
