/**
 * The bounds the proxy keeps on what clients, origins and publishers send, so
 * that one connection or request cannot exhaust memory or hold up the rest.
 * Each can be changed through `DevProxyOptions.limits`.
 */
export interface ProxyLimits {
  /** Largest client→origin WebSocket message; a larger one closes the connection with 1009. */
  clientMessageBytes: number;
  /** Most events in one WebSocket-over-HTTP request to the origin. */
  batchEvents: number;
  /** Most content bytes in one such request (a single larger message goes alone). */
  batchBytes: number;
  /** Client messages waiting for the origin before the proxy stops reading that client. */
  clientQueueEvents: number;
  /** The same in bytes. */
  clientQueueBytes: number;
  /** Largest origin answer read whole: a WebSocket-over-HTTP answer or a held response's body. */
  originAnswerBytes: number;
  /** Bytes waiting to be written to one client before it counts as stuck and is closed. */
  clientBacklogBytes: number;
  /** Largest plain HTTP request body passed to the origin; a larger one is answered 413. */
  requestBodyBytes: number;
}

export const DEFAULT_LIMITS: Readonly<ProxyLimits> = {
  // Pushpin 1.36 closes at about 200 KB; the dev proxy takes more so that a
  // handler can be tried with larger messages, and says so in its README.
  clientMessageBytes: 1024 * 1024,
  // Well under what one encode of a WebSocket-events body can take at once.
  batchEvents: 1000,
  batchBytes: 1024 * 1024,
  clientQueueEvents: 10_000,
  clientQueueBytes: 4 * 1024 * 1024,
  originAnswerBytes: 16 * 1024 * 1024,
  clientBacklogBytes: 16 * 1024 * 1024,
  requestBodyBytes: 10 * 1024 * 1024,
};

/** Pushpin's default `push_in_max_body_size`. */
export const DEFAULT_PUBLISH_BODY_LIMIT = 1_000_000;

/** The defaults with the caller's changes, each checked to be a positive integer. */
export function resolveLimits(given: Partial<ProxyLimits> = {}): ProxyLimits {
  const limits = { ...DEFAULT_LIMITS, ...given };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isSafeInteger(value) || value <= 0) {
      throw new TypeError(`limits.${name} must be a positive integer, got ${String(value)}`);
    }
  }
  return limits;
}

/**
 * Longest wait a timer can take: Node fires a longer `setTimeout` after 1 ms
 * instead, which would turn a far-off keep-alive into a busy loop.
 */
export const MAX_TIMER_SECONDS = 2_000_000;
