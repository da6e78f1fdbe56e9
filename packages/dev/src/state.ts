import type { Hub } from './hub.js';
import type { ProxyLimits } from './limits.js';
import type { DevLog } from './log.js';
import type { Origin } from './origin.js';

/** What the pieces of one running proxy share. */
export interface ProxyState {
  origin: Origin;
  hub: Hub;
  log: DevLog;
  limits: ProxyLimits;
  /** Aborted when the proxy shuts down: no more origin requests, no retries. */
  closing: AbortSignal;
  /** Open connections and holds, ended on shutdown. */
  open: Set<{ shutdown(): void }>;
  /** `Grip-Sig` (when signing) and `Grip-Feature` for one origin request. */
  gripHeaders(): Record<string, string>;
}

/** Pushpin's backoff while the origin refuses connections (about 31 s in all), in ms. */
export const RETRY_DELAYS_MS = [1000, 2000, 4000, 8000, 16000];

/** Waits, unless the wait is cancelled by `signal`. */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
