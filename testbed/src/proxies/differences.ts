import type { ProxyKind } from './types.js';

/**
 * Where proxies differ in ways the suite depends on. This is the only place
 * the suite learns about a proxy's quirks: a test that needs one of these
 * reads it here instead of branching on the proxy's name.
 */
export interface ProxyTraits {
  /**
   * Shortest long-poll hold the proxy honours, in seconds. A shorter
   * `Grip-Timeout` is raised to this, so a timeout test must wait this long.
   */
  readonly minLongPollTimeoutSeconds: number;
  /**
   * Largest single origin→client WebSocket message (bytes, after the `m:`
   * prefix is removed) that is delivered without waiting for more client
   * traffic.
   */
  readonly maxPromptOriginMessageBytes: number;
  /**
   * Largest client→origin WebSocket message (bytes) the proxy relays;
   * larger ones close the connection.
   */
  readonly maxClientMessageBytes: number;
}

/**
 * Pushpin 1.36 (Debian bookworm), as measured in docs/pushpin.md:
 * - `Grip-Timeout` values under 5 are raised to 5 (answers arrive after about 6 s).
 * - An origin→client message of 32,767 B or more stalls until the client sends
 *   another frame (flow-control bug fixed in 1.37.0).
 * - A client→origin message must fit the 200,000 B WebSocket-over-HTTP buffer
 *   (199 KB relayed, 210,000 B closed the connection).
 *
 * Also true of Pushpin, and handled by the suite for every proxy: a
 * subscription goes live asynchronously after the origin's answer reaches the
 * client (the suite publishes probes until one arrives).
 */
const pushpin136: ProxyTraits = {
  minLongPollTimeoutSeconds: 5,
  maxPromptOriginMessageBytes: 32_766,
  maxClientMessageBytes: 199_000,
};

/**
 * `@faas-grip/dev`'s embedded proxy: Pushpin's protocol without its 1.36 limits.
 * - `Grip-Timeout` has the same 5 s minimum (so a handler tuned locally behaves
 *   the same behind Pushpin).
 * - No origin→client stall: any message size is sent at once (the suite checks 1 MB).
 * - Client messages up to 1 MiB reach the origin (larger ones close with 1009).
 */
const devProxy: ProxyTraits = {
  minLongPollTimeoutSeconds: 5,
  maxPromptOriginMessageBytes: 1_000_000,
  maxClientMessageBytes: 1024 * 1024,
};

const traitsByProxy: Readonly<Record<string, ProxyTraits>> = {
  pushpin: pushpin136,
  dev: devProxy,
};

export function traitsOf(proxy: ProxyKind): ProxyTraits {
  const traits = traitsByProxy[proxy.name];
  if (traits === undefined) {
    throw new Error(
      `No traits recorded for proxy ${JSON.stringify(proxy.name)}: add it to testbed/src/proxies/differences.ts`,
    );
  }
  return traits;
}
