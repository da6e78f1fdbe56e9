/**
 * `waitUntil` for one invocation. Lambda freezes the process once the
 * handler's promise settles, so the invocation waits for this work first.
 */
export function pendingWork(): { add(promise: Promise<unknown>): void; settle(): Promise<void> } {
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
      // Work may add more work while it runs.
      while (pending.size > 0) await Promise.all(pending);
    },
  };
}
