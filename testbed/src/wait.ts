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

/**
 * An answer that a proxy or origin gives while it is still starting (or
 * restarting), such as Pushpin's 500 "Accept service unavailable" before its
 * handler has connected, or a 502 before the origin listens. Waits try again.
 */
export class NotReadyYet extends Error {
  override name = 'NotReadyYet';
}

// Node's fetch (undici) and `ws` report a connection that was refused, reset,
// closed before the answer ("other side closed") or timed out with these.
const TRANSPORT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/**
 * Whether `error` (or anything in its `cause` chain) is a failure of the
 * connection itself rather than an answer: worth another try while a server
 * starts. Node's fetch wraps every network failure in `TypeError: fetch failed`.
 */
export function isTransportError(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 8; depth++) {
    if (current instanceof TypeError && current.message === 'fetch failed') return true;
    if (current.name === 'TimeoutError' || current.name === 'AbortError') return true;
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && TRANSPORT_CODES.has(code)) return true;
    current = current.cause;
  }
  return false;
}

/** Whether a wait should try again after `error`. */
export function isRetryable(error: unknown): boolean {
  return error instanceof NotReadyYet || isTransportError(error);
}

/** `error` as one line for a failure message, with its causes. */
export function describeError(error: unknown): string {
  const parts: string[] = [];
  for (let current = error, depth = 0; current !== undefined && depth < 4; depth++) {
    parts.push(current instanceof Error ? `${current.name}: ${current.message}` : String(current));
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join(' <- ');
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
 * between tries. Transport errors and {@link NotReadyYet} are tried again;
 * any other error ends the wait at once (it is an answer, not a start-up
 * state). After `timeoutMs` it throws, naming what it waited for and the last
 * failure.
 */
export async function pollUntil<T>(
  attempt: () => Promise<T | undefined>,
  { timeoutMs, intervalMs, what }: PollOptions,
): Promise<T> {
  const started = Date.now();
  const deadline = started + timeoutMs;
  let last: unknown;
  let attempts = 0;
  for (;;) {
    attempts += 1;
    try {
      const result = await attempt();
      if (result !== undefined) return result;
      last = undefined;
    } catch (error) {
      if (!isRetryable(error)) {
        throw new Error(`While waiting for ${what}: ${describeError(error)}`, { cause: error });
      }
      last = error;
    }
    if (Date.now() >= deadline) {
      const detail = last === undefined ? '' : `; last attempt: ${describeError(last)}`;
      throw new Error(
        `Timed out after ${Date.now() - started} ms (${attempts} attempts) waiting for ${what}${detail}`,
        { cause: last },
      );
    }
    await sleep(intervalMs);
  }
}
