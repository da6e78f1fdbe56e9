import { setTimeout as sleep } from 'node:timers/promises';
import { describeError, isRetryable } from '../wait.js';

/**
 * Messages that start with this are subscription probes: clients set them
 * aside instead of queueing them, so a late probe never shows up where a test
 * expects a real message.
 */
export const PROBE_PREFIX = 'probe:';

export interface ProbeTarget {
  /** Probes seen so far. */
  readonly probes: ReadonlySet<string>;
}

let probeCounter = 0;

/**
 * Waits until a subscription is live. A subscription reaches Pushpin's
 * publish side asynchronously, after the origin's answer got to the client,
 * so a publish made right away can be lost: publish probes until every target
 * has seen one. A probe publish that fails on the way (refused or dropped
 * connection, a proxy still starting) is tried again until the deadline.
 */
export async function untilSubscribed(
  targets: readonly ProbeTarget[],
  publishProbe: (probe: string) => Promise<void>,
  what: string,
  timeoutMs = 5000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const sent: string[] = [];
  let lastFailure: unknown;
  const waiting = () => targets.filter((target) => !sent.some((probe) => target.probes.has(probe)));
  while (Date.now() < deadline) {
    probeCounter += 1;
    const probe = `${PROBE_PREFIX}${probeCounter}`;
    sent.push(probe);
    try {
      await publishProbe(probe);
    } catch (error) {
      if (!isRetryable(error)) throw new Error(`Probing subscription ${what}: ${describeError(error)}`);
      lastFailure = error;
    }
    const settle = Math.min(Date.now() + 150, deadline);
    do {
      if (waiting().length === 0) return;
      await sleep(5);
    } while (Date.now() < settle);
  }
  const failure =
    lastFailure === undefined ? '' : `; last probe publish failed: ${describeError(lastFailure)}`;
  throw new Error(
    `Subscription ${what} did not go live: ${sent.length} probes over ${timeoutMs} ms never reached ` +
      `${waiting().length} of ${targets.length} clients${failure}`,
  );
}
