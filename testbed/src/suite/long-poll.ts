import { setTimeout as sleep } from 'node:timers/promises';

/** The held request took none of the publishes within the time allowed. */
export class Unanswered extends Error {
  override name = 'Unanswered';
}

/**
 * Publishes until a held long-poll is answered. A long-poll has no probe
 * channel of its own (any publish would answer it), so the answer itself is
 * re-published until the hold is live and takes it; extra copies reach no one.
 */
export async function publishUntilAnswered(
  pending: Promise<Response>,
  publish: () => Promise<void>,
  what: string,
  timeoutMs = 5000,
): Promise<Response> {
  let answer: Response | undefined;
  let failure: unknown;
  const settled = pending.then(
    (response) => {
      answer = response;
    },
    (error: unknown) => {
      failure = error ?? new Error('request failed');
    },
  );
  const deadline = Date.now() + timeoutMs;
  let publishes = 0;
  while (answer === undefined && failure === undefined) {
    if (Date.now() >= deadline) {
      throw new Unanswered(`${what} was not answered after ${publishes} publishes over ${timeoutMs} ms`);
    }
    await publish();
    publishes += 1;
    await Promise.race([settled, sleep(150)]);
  }
  if (answer === undefined) throw new Error(`${what} failed: ${String(failure)}`, { cause: failure });
  return answer;
}
