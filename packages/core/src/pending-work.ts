export interface PendingWork {
  /** Tracks `promise` (a `waitUntil` target); its rejection is the caller's to report. */
  add(promise: Promise<unknown>): void;
  /** Resolves once all tracked work has settled, including work added meanwhile. */
  settle(): Promise<void>;
}

/**
 * `waitUntil` for platforms that have none: Lambda, which freezes the process
 * once the handler's promise settles, waits for it before answering; a
 * long-lived Node server waits for it at shutdown.
 */
export function pendingWork(): PendingWork {
  const pending = new Set<Promise<unknown>>();
  return {
    add(promise) {
      const tracked = promise.then(
        () => undefined,
        () => undefined,
      );
      pending.add(tracked);
      void tracked.then(() => pending.delete(tracked));
    },
    async settle() {
      while (pending.size > 0) await Promise.all(pending);
    },
  };
}
