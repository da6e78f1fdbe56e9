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
  /** Characters of recently published ids kept to drop repeats, all channels together; past it the oldest go. */
  idCacheChars: number;
  /** Items one channel keeps waiting for their `prev-id` (WebSocket subscribers, long-polls); more are dropped. */
  channelWaitingItems: number;
  /** Published items one HTTP stream holds back while a missing one is awaited or recovered; more are dropped. */
  streamHeldItems: number;
  /** The same, in content bytes. */
  streamHeldBytes: number;
  /** Longest `Grip-Link` URI, and longest id sent back in `Grip-Last`; a longer one is not used. */
  linkChars: number;
  /** Milliseconds the origin has to answer a `Grip-Link` request in full. */
  linkTimeoutMs: number;
  /** Links one stream follows in a row without a publish delivered in between (a loop of next links ends there). */
  linkFollows: number;
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
  idCacheChars: 16 * 1024 * 1024,
  // Pushpin's per-channel pending limit and per-session publish queue are both 100.
  channelWaitingItems: 100,
  streamHeldItems: 100,
  streamHeldBytes: 4 * 1024 * 1024,
  linkChars: 2048,
  linkTimeoutMs: 10_000,
  linkFollows: 100,
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
