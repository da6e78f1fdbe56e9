import { setTimeout as sleep } from 'node:timers/promises';

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
 * has seen one.
 */
export async function untilSubscribed(
  targets: readonly ProbeTarget[],
  publishProbe: (probe: string) => Promise<void>,
  what: string,
  timeoutMs = 5000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const sent: string[] = [];
  const allSeen = () => targets.every((target) => sent.some((probe) => target.probes.has(probe)));
  while (Date.now() < deadline) {
    probeCounter += 1;
    const probe = `${PROBE_PREFIX}${probeCounter}`;
    sent.push(probe);
    await publishProbe(probe);
    const settle = Date.now() + 150;
    while (Date.now() < settle) {
      if (allSeen()) return;
      await sleep(5);
    }
  }
  throw new Error(
    `Subscription ${what} did not go live: ${sent.length} probes over ${timeoutMs} ms never arrived`,
  );
}
