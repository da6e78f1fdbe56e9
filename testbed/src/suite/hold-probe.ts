import { isStartupAnswer } from '../proxies/startup.js';
import { NotReadyYet, pollUntil } from '../wait.js';
import { publishUntilAnswered, Unanswered } from './long-poll.js';
import { type PublishItem, responseItem } from './publishing.js';

/** A proxy in front of the conformance app, as the hold probe needs it. */
export interface HoldProbeTarget {
  /** The proxy's name, for the failure message. */
  readonly name: string;
  /** A request through the proxy. */
  http(path: string, init: RequestInit): Promise<Response>;
  /** A publish to the proxy's API, on the channels the origin uses. */
  publish(item: PublishItem): Promise<void>;
  /** A channel name no other test uses. */
  channel(name: string): string;
}

async function holdProbe(target: HoldProbeTarget): Promise<true> {
  const channel = target.channel('hold-probe');
  const attempt = new AbortController();
  try {
    const response = await publishUntilAnswered(
      target.http(`/poll/${channel}`, { signal: attempt.signal }),
      () => target.publish(responseItem(channel, 'ready')),
      'the hold probe',
      3000,
    ).catch((error: unknown) => {
      throw error instanceof Unanswered ? new NotReadyYet(error.message) : error;
    });
    const body = (await response.text()).trim();
    if (response.status === 200 && body === 'ready') return true;
    if (isStartupAnswer(response.status, body)) {
      throw new NotReadyYet(`answered ${response.status}: ${body.slice(0, 200)}`);
    }
    throw new Error(`the hold probe was answered ${response.status}: ${body.slice(0, 200)}`);
  } finally {
    attempt.abort();
  }
}

/**
 * Waits until the proxy holds requests. Pushpin's proxy hands held requests
 * to its handler process over a socket that can connect after plain requests
 * already work; until then a hold is answered "Accept service unavailable."
 * (500), its connection may be closed, or the publish reaches no one. So hold
 * a long-poll and publish its answer until one is taken, retrying those
 * start-up states (each try with a fresh request) until the deadline.
 */
export function untilHoldsWork(target: HoldProbeTarget, timeoutMs = 15_000): Promise<void> {
  return pollUntil(() => holdProbe(target), {
    timeoutMs,
    intervalMs: 50,
    what: `${target.name} to hold a long-poll and answer it with a publish`,
  }).then(() => undefined);
}
