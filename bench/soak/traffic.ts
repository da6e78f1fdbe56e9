import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import type { Client } from './clients.js';
import { encodeMessage, ROOM } from './wire.js';

export interface ProbeResult {
  /** Clients (of those connected) that never saw a probe before the deadline. */
  notLive: number;
  probes: number;
  ms: number;
}

async function publishProbe(publishUrl: string, n: number): Promise<void> {
  const content = encodeMessage({ kind: 'probe', n });
  const response = await fetch(publishUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ items: [{ channel: ROOM, formats: { 'ws-message': { content } } }] }),
    signal: AbortSignal.timeout(5000),
  });
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`probe publish answered ${response.status}`);
}

/**
 * A subscription goes live a little after the socket opens (the proxy
 * subscribes asynchronously), so publish probes through the proxy's API until
 * every connected client has seen one, or the deadline passes.
 */
export async function waitUntilLive(
  clients: Client[],
  publishUrl: string,
  deadlineMs = 30_000,
): Promise<ProbeResult> {
  const start = performance.now();
  const connected = clients.filter((client) => client.connected);
  let probes = 0;
  while (performance.now() - start < deadlineMs) {
    if (connected.every((client) => client.live)) break;
    try {
      await publishProbe(publishUrl, probes);
    } catch (error) {
      // Transport errors right after start-up are expected; the deadline bounds the retries.
      if (probes === 0) console.error('[soak] probe failed, retrying:', String(error));
    }
    probes++;
    await sleep(100);
  }
  return {
    notLive: connected.filter((client) => !client.live).length,
    probes,
    ms: performance.now() - start,
  };
}

export interface TrafficResult {
  /** Chat messages actually sent; every connected client expects each of them. */
  sent: number;
  /** Scheduled sends skipped because the sender's socket was closed. */
  skipped: number;
  /** How late the latest send was against its schedule (an overloaded bench shows here). */
  maxLagMs: number;
  /** `performance.now()` of the first send. */
  startedAt: number;
  /** From the first send to the last. */
  sendMs: number;
  /** From the last send until every client had everything, or the drain deadline. */
  drainMs: number;
}

/**
 * Chat traffic: `rate` messages a second in total, taking turns among the
 * first `senders` clients, for `seconds`; then waits (up to `drainMs`) for the
 * last deliveries, and freezes every client's tally.
 */
export async function chat(
  clients: Client[],
  options: { senders: number; rate: number; seconds: number; drainMs?: number },
): Promise<TrafficResult> {
  const senders = clients.slice(0, options.senders);
  const total = Math.floor(options.seconds * options.rate);
  const period = 1000 / options.rate;
  let sent = 0;
  let skipped = 0;
  let maxLagMs = 0;
  const start = performance.now();
  for (let g = 0; g < total; g++) {
    const due = start + g * period;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    maxLagMs = Math.max(maxLagMs, performance.now() - due);
    const s = g % senders.length;
    const socket = senders[s]?.socket;
    if (socket === undefined || socket.readyState !== WebSocket.OPEN) {
      skipped++;
      continue;
    }
    socket.send(
      encodeMessage({ kind: 'chat', g, s, n: Math.floor(g / senders.length), t: performance.now() }),
    );
    sent++;
  }
  const sendMs = performance.now() - start;

  const drainStart = performance.now();
  const drainDeadline = options.drainMs ?? 15_000;
  const connected = clients.filter((client) => client.connected);
  while (performance.now() - drainStart < drainDeadline) {
    if (connected.every((client) => client.delivered >= sent)) break;
    await sleep(100);
  }
  const drainMs = performance.now() - drainStart;
  for (const client of clients) client.frozen = true;
  return { sent, skipped, maxLagMs, startedAt: start, sendMs, drainMs };
}
