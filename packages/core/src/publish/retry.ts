/** How a publish to one proxy is retried; every wait stays inside the publish timeout. */
export interface RetryPolicy {
  /** Retries after the first attempt (Infinity: until the timeout). */
  retries: number;
  /** Ceiling of the first backoff wait, doubled after each retry. */
  minDelayMs: number;
  /** Highest ceiling a backoff wait can reach. */
  maxDelayMs: number;
}

/**
 * Whether a status may get better by asking again: a server error or 429.
 * Any other 4xx (a bad token, a body too large, malformed JSON) will not.
 */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599);
}

/**
 * Exponential backoff with full jitter: a random wait below
 * `min(maxDelayMs, minDelayMs · 2^retry)`, so that many publishers retrying
 * against a proxy that comes back do not all arrive at once.
 */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.minDelayMs * 2 ** retry);
  return random() * ceiling;
}

const IMF_FIXDATE = /^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/**
 * Milliseconds a `Retry-After` value asks to wait (delay-seconds or an
 * HTTP-date, RFC 9110 §10.2.3), or `undefined` when absent or unreadable.
 */
export function retryAfterMs(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!IMF_FIXDATE.test(text)) return undefined;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Resolves after `ms`, or as soon as `signal` aborts; leaves no timer behind either way. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });
}
