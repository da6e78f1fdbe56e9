export type Timer = ReturnType<typeof setTimeout>;

/**
 * Lets a timer not keep a Node process alive. Timers are looked up on the
 * global object when they are set, so that fake timers in tests drive them;
 * runtimes whose timers are plain numbers have nothing to unref.
 */
export function unref(timer: Timer): Timer {
  (timer as { unref?: () => void }).unref?.();
  return timer;
}

/** Waits `ms`; false when `stop` aborted first. Leaves no timer behind. */
export function pause(ms: number, stop: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (stop.aborted) {
      resolve(false);
      return;
    }
    const done = (waited: boolean): void => {
      clearTimeout(timer);
      stop.removeEventListener('abort', onAbort);
      resolve(waited);
    };
    const onAbort = (): void => done(false);
    const timer = setTimeout(() => done(true), ms);
    stop.addEventListener('abort', onAbort);
  });
}

/** Pushpin's backoff while the origin refuses connections (about 31 s in all), in ms. */
export const RETRY_DELAYS_MS = [1000, 2000, 4000, 8000, 16000];

/** Waits, unless the wait is cancelled by `signal`. */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
