// Captured when the kit loads, so that a test that fakes timers afterwards
// still gets its deadline: a message that never comes fails the test with a
// reason instead of hanging it until the runner's own timeout.
const realSetTimeout = globalThis.setTimeout.bind(globalThis);
const realClearTimeout = globalThis.clearTimeout.bind(globalThis);

/** Default deadline of anything the kit waits for, in milliseconds. */
export const DEFAULT_TIMEOUT_MS = 2000;

/** A wait that passed its deadline; the message says what was waited for and what was seen. */
export class TestTimeoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TestTimeoutError';
  }
}

/**
 * Races `pending` against a deadline on real time; `describe` is asked at the
 * deadline (so it can tell the state then).
 */
export function withDeadline<T>(pending: Promise<T>, ms: number, describe: () => string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = realSetTimeout(() => reject(new TestTimeoutError(describe())), ms);
    pending.then(
      (value) => {
        realClearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        realClearTimeout(timer);
        reject(error);
      },
    );
  });
}
