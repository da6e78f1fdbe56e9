import { setTimeout as sleep } from 'node:timers/promises';

/** Rejects with `message` if `promise` has not settled within `ms`. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${message} (gave up after ${ms} ms)`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export interface PollOptions {
  /** Overall bound. */
  timeoutMs: number;
  /** Pause between attempts. */
  intervalMs: number;
  /** What is being waited for, for the error message. */
  what: string;
}

/**
 * Calls `attempt` until it returns something other than `undefined`, pausing
 * between tries; throws after `timeoutMs` with the last failure attached.
 */
export async function pollUntil<T>(
  attempt: () => Promise<T | undefined>,
  { timeoutMs, intervalMs, what }: PollOptions,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const result = await attempt();
      if (result !== undefined) return result;
      last = undefined;
    } catch (error) {
      last = error;
    }
    if (Date.now() >= deadline) {
      const detail = last === undefined ? '' : `; last attempt: ${String(last)}`;
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${detail}`, { cause: last });
    }
    await sleep(intervalMs);
  }
}
