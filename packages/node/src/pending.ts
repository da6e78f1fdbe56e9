/** `waitUntil` for a long-lived process: the work runs on, and `settle` waits for it at shutdown. */
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
      while (pending.size > 0) await Promise.all(pending);
    },
  };
}
