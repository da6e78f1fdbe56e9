import { PublishError } from '../errors.js';
import { backoffDelay, isRetryableStatus, type RetryPolicy, retryAfterMs, sleep } from './retry.js';

/** The time left for a whole publish, shared by every proxy it goes to. */
export interface Deadline {
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
  remaining(): number;
}

export interface PublishRequest {
  /** Where the publish is sent, query string included. */
  url: string;
  /** How the proxy is named in errors: no credentials, no query string. */
  shownUrl: string;
  body: string;
  authorization: string | undefined;
}

type Outcome =
  | { kind: 'delivered' }
  | {
      kind: 'answered';
      status: number;
      body: string;
      retryAfter: string | null;
      /** Where a redirect pointed, when the answer was one. */
      redirect: string | undefined;
    }
  | { kind: 'unreachable'; cause: unknown };

/** Why a request never got an answer, without a stack: `fetch failed (ECONNREFUSED)`. */
function networkReason(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  const inner: unknown = cause.cause;
  if (typeof inner !== 'object' || inner === null) return cause.message;
  const code = 'code' in inner && typeof inner.code === 'string' ? inner.code : undefined;
  const detail = code ?? (inner instanceof Error ? inner.message : undefined);
  return detail === undefined || detail === '' ? cause.message : `${cause.message} (${detail})`;
}

async function attempt(
  request: PublishRequest,
  fetchFn: typeof fetch,
  signal: AbortSignal,
): Promise<Outcome> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', Accept: 'application/json' };
  if (request.authorization !== undefined) headers.Authorization = request.authorization;
  let response: Response;
  try {
    // A redirect is not followed: it would turn the POST into a GET and carry the
    // publish somewhere GRIP_URL does not name.
    response = await fetchFn(request.url, {
      method: 'POST',
      headers,
      body: request.body,
      signal,
      redirect: 'manual',
    });
  } catch (cause) {
    return { kind: 'unreachable', cause };
  }
  if (response.ok) {
    // The status line says the proxy took the items; its answer does not matter.
    await response.body?.cancel().catch(() => undefined);
    return { kind: 'delivered' };
  }
  let body = '';
  try {
    body = await response.text();
  } catch (cause) {
    if (isRetryableStatus(response.status)) return { kind: 'unreachable', cause };
  }
  return {
    kind: 'answered',
    status: response.status,
    body,
    retryAfter: response.headers.get('retry-after'),
    redirect:
      response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)
        ? (response.headers.get('location') ?? 'elsewhere')
        : undefined,
  };
}

/**
 * Settles with `work`, or with `undefined` as soon as `signal` aborts. The
 * signal alone cannot bound an attempt: a `fetch` given in the options may
 * ignore it, and a body may stall after the status line. Whatever `work` does
 * afterwards is left to finish on its own.
 */
function beforeAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  return new Promise((resolve, reject) => {
    const onAbort = (): void => resolve(undefined);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

const counted = (attempts: number): string => `${attempts} attempt${attempts === 1 ? '' : 's'}`;

function excerpt(body: string): string {
  const text = body.trim().slice(0, 200);
  return text === '' ? '' : `: ${text}`;
}

/**
 * POSTs one publish to one proxy, retrying network failures, 5xx and 429
 * (after `Retry-After` when the proxy gives one, else after a jittered
 * backoff) until it is delivered, refused for good, out of retries, or out of
 * time. Rejects with a {@link PublishError} naming the proxy.
 */
export async function deliver(
  request: PublishRequest,
  fetchFn: typeof fetch,
  policy: RetryPolicy,
  deadline: Deadline,
): Promise<void> {
  const url = request.shownUrl;
  let attempts = 0;
  let last: Outcome | undefined;
  const fail = (message: string, timedOut: boolean): PublishError => {
    const answered = last?.kind === 'answered' ? last : undefined;
    const cause = last?.kind === 'unreachable' ? last.cause : undefined;
    return new PublishError(message, {
      status: answered?.status ?? 0,
      body: answered?.body ?? '',
      url,
      timedOut,
      attempts,
      cause,
    });
  };
  const lastOutcome = (): string => {
    if (last?.kind === 'answered') return `status ${last.status}${excerpt(last.body)}`;
    if (last?.kind === 'unreachable') return networkReason(last.cause);
    return 'no answer';
  };
  const timedOut = (): PublishError =>
    fail(
      `Publish to ${url} timed out after ${deadline.timeoutMs} ms (${counted(attempts)}; last: ${lastOutcome()})`,
      true,
    );

  for (;;) {
    attempts += 1;
    const outcome = await beforeAbort(attempt(request, fetchFn, deadline.signal), deadline.signal);
    if (outcome === undefined) throw timedOut();
    if (outcome.kind === 'delivered') return;
    if (deadline.signal.aborted) throw timedOut();
    last = outcome;
    if (outcome.kind === 'answered' && !isRetryableStatus(outcome.status)) {
      const redirect =
        outcome.redirect === undefined
          ? ''
          : ` (a redirect to ${outcome.redirect}; put the final URL in GRIP_URL)`;
      throw fail(
        `Publish to ${url} was refused with status ${outcome.status}${excerpt(outcome.body)}${redirect}`,
        false,
      );
    }
    if (attempts > policy.retries) {
      throw fail(`Publish to ${url} failed after ${counted(attempts)}: ${lastOutcome()}`, false);
    }
    let delay = backoffDelay(attempts - 1, policy);
    const asked = outcome.kind === 'answered' ? retryAfterMs(outcome.retryAfter, Date.now()) : undefined;
    if (asked !== undefined) {
      // Asking again before the proxy says it is ready would only be refused again.
      if (asked >= deadline.remaining()) {
        throw fail(
          `Publish to ${url} failed: ${lastOutcome()}, and the proxy asked to retry after ${Math.ceil(asked / 1000)} s, beyond the publish timeout`,
          false,
        );
      }
      delay = Math.max(delay, asked);
    }
    await sleep(Math.min(delay, deadline.remaining()), deadline.signal);
    if (deadline.signal.aborted) throw timedOut();
  }
}
