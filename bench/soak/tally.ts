import type { Client } from './clients.js';

/** Latencies in milliseconds, kept until the run ends. */
export class Latencies {
  private values: number[] = [];
  /** `performance.now()` of the last delivery counted. */
  lastAt = 0;

  push(ms: number, at: number): void {
    this.values.push(ms);
    this.lastAt = Math.max(this.lastAt, at);
  }

  /** p50, p99 and max, or undefined if nothing arrived. */
  summary(): { p50: number; p99: number; max: number } | undefined {
    if (this.values.length === 0) return undefined;
    const sorted = Float64Array.from(this.values).sort();
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
    return { p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1]! };
  }
}

export interface DeliveryTally {
  /** Connected clients times messages sent. */
  expected: number;
  delivered: number;
  lost: number;
  duplicates: number;
  outOfOrder: number;
  /** Clients that missed at least one message. */
  clientsWithLoss: number;
  /** Clients whose socket closed before the end, by close code. */
  closedEarly: Record<string, number>;
  /** Frames that were not the soak's messages. */
  foreign: number;
  /** Errors on open sockets. */
  socketErrors: number;
}

/** Adds up what every connected client saw against the `sent` messages each should have. */
export function tally(clients: Client[], sent: number): DeliveryTally {
  const result: DeliveryTally = {
    expected: 0,
    delivered: 0,
    lost: 0,
    duplicates: 0,
    outOfOrder: 0,
    clientsWithLoss: 0,
    closedEarly: {},
    foreign: 0,
    socketErrors: 0,
  };
  for (const client of clients) {
    if (client.closedEarly !== undefined) {
      const code = String(client.closedEarly);
      result.closedEarly[code] = (result.closedEarly[code] ?? 0) + 1;
    }
    // A client that never connected is reported by the connect step, not counted here.
    if (!client.connected) continue;
    result.expected += sent;
    result.delivered += client.delivered;
    result.lost += sent - client.delivered;
    if (client.delivered < sent) result.clientsWithLoss++;
    result.duplicates += client.duplicates;
    result.outOfOrder += client.outOfOrder;
    result.foreign += client.foreign;
    result.socketErrors += client.errors;
  }
  return result;
}
