/**
 * Whether an answer is one a proxy gives while it (or the origin behind it)
 * is still starting, so a readiness wait should try again rather than fail:
 * - Pushpin's 500 "Accept service unavailable." before its handler process
 *   has connected (holds and WebSocket subscriptions);
 * - 502–504 while the origin does not listen yet or zurl is not wired up
 *   ("Unable to connect to any targets", "Error while proxying to origin").
 */
export function isStartupAnswer(status: number, body: string): boolean {
  if (status === 500) return /accept service unavailable/i.test(body);
  return status >= 502 && status <= 504;
}
