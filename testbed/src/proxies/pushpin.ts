import { type DevProxy, type LogEntry, startPushpin } from '@faas-grip/dev';
import { NotReadyYet, pollUntil } from '../wait.js';
import { type LaunchSettings, launchedKind, type ProxyInstance } from './instance.js';
import { isStartupAnswer } from './startup.js';

const PUSHPIN_BIN = process.env.PUSHPIN_BIN ?? 'pushpin';

/**
 * A request makes it through to the origin: the publish API answering is not
 * enough. Until the proxy and zurl are wired up, a request may be refused,
 * closed early or answered by Pushpin itself (502–504); those are tried again.
 */
export async function untilOriginReached(proxy: ProxyInstance): Promise<void> {
  await pollUntil(
    async () => {
      const response = await fetch(`${proxy.httpUrl}/`, { signal: AbortSignal.timeout(2000) });
      const body = await response.text();
      // Any answer that Pushpin did not make up itself shows the route works.
      if (isStartupAnswer(response.status, body)) {
        throw new NotReadyYet(`answered ${response.status}: ${body.trim().slice(0, 200)}`);
      }
      return true;
    },
    {
      timeoutMs: 15_000,
      intervalMs: 50,
      what: `a request through pushpin at ${proxy.httpUrl} to the origin`,
    },
  ).catch((error: unknown) => {
    throw new Error(`${String(error)}\n--- pushpin output ---\n${proxy.logs()}`, { cause: error });
  });
}

/** Starts the Debian `pushpin` binary through `@faas-grip/dev`'s harness, as the suite runs it. */
export function launchPushpin(settings: LaunchSettings): Promise<DevProxy> {
  return startPushpin({
    ...settings,
    bin: PUSHPIN_BIN,
    // A hung origin fails its test with a 502 instead of stalling it for ten minutes.
    originTimeoutSeconds: 30,
  });
}

/** How one line of Pushpin's output reads in a failure report. */
export const pushpinLogLine = (entry: LogEntry): string => `${entry.message}\n`;

/** The Debian `pushpin` binary, one instance per test file. */
export const pushpin = launchedKind({
  name: 'pushpin',
  launch: launchPushpin,
  logLine: pushpinLogLine,
  ready: untilOriginReached,
});
