/**
 * What the soak's clients send and receive. A chat message names its place in
 * the global send order, its sender, the sender's own sequence number and
 * when it was sent (the sending process's clock: clients and senders share
 * it, so the difference is end-to-end latency). Probes are published straight
 * to the proxy to learn when a subscription is live.
 */
export interface ChatMessage {
  kind: 'chat';
  /** Index in the global send order, 0-based. */
  g: number;
  /** Sender index. */
  s: number;
  /** The sender's own sequence number, 0-based. */
  n: number;
  /** `performance.now()` at send. */
  t: number;
}

export interface ProbeMessage {
  kind: 'probe';
  n: number;
}

export type SoakMessage = ChatMessage | ProbeMessage;

/** The room every client subscribes to and every message is published to. */
export const ROOM = 'room';

export function encodeMessage(message: SoakMessage): string {
  return JSON.stringify(message);
}

const isCount = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0;

/** Parses a received frame; anything that is not one of ours is undefined (counted as foreign). */
export function decodeMessage(text: string): SoakMessage | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const m = value as Record<string, unknown>;
  if (m.kind === 'probe' && isCount(m.n)) return { kind: 'probe', n: m.n };
  if (m.kind === 'chat' && isCount(m.g) && isCount(m.s) && isCount(m.n) && typeof m.t === 'number') {
    return { kind: 'chat', g: m.g, s: m.s, n: m.n, t: m.t };
  }
  return undefined;
}
