import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { gripUrlFor } from '@faas-grip/dev';
import type { OriginKind, ProxyKind, SoakOptions } from './args.js';
import { type Child, startChild } from './children.js';
import { Client, closeAll, connectAll } from './clients.js';
import { machineBusyMs, ownCpuMs, treeCpuMs } from './cpu.js';
import { freePorts } from './ports.js';
import { type DeliveryTally, Latencies, tally } from './tally.js';
import { chat, waitUntilLive } from './traffic.js';

export interface SoakResult {
  proxy: ProxyKind;
  originKind: OriginKind;
  clients: number;
  connected: number;
  failedAttempts: number;
  connectErrors: string[];
  connectMs: number;
  notLive: number;
  probeMs: number;
  senders: number;
  rate: number;
  sent: number;
  skipped: number;
  maxSendLagMs: number;
  sendMs: number;
  /** From the first send to the last delivery counted. */
  deliveryMs: number;
  drainMs: number;
  delivery: DeliveryTally;
  latency: { p50: number; p99: number; max: number } | undefined;
  /** CPU milliseconds over the traffic window (first send until the drain ended). */
  cpu: { origin: number; proxy: number; clients: number; machine: number; windowMs: number };
  /** Origin requests and publishes during the traffic window: each should equal `sent`. */
  originWindow: { requests: number; published: number };
  /** The origin's counters over the whole run (errors, requests including opens and closes). */
  originCounters: Record<string, number>;
  proxyCounters: Record<string, number>;
}

function cpuSnapshot(origin: Child, proxy: Child) {
  return {
    origin: treeCpuMs(origin.pid),
    proxy: treeCpuMs(proxy.pid),
    clients: ownCpuMs(),
    machine: machineBusyMs(),
    at: performance.now(),
  };
}

/** One soak against one proxy and origin: both up, clients in, chat, tally, everything down. */
export async function soak(
  kind: ProxyKind,
  originKind: OriginKind,
  options: SoakOptions,
  say: (line: string) => void,
): Promise<SoakResult> {
  const [originPort, port, publishPort] = (await freePorts(3)) as [number, number, number];
  const sigKey = randomBytes(24).toString('base64url');
  const origin = await startChild(
    originKind === 'faas-grip' ? 'origin.ts' : 'origin-fanoutio.ts',
    {
      PORT: String(originPort),
      GRIP_URL: gripUrlFor(`http://127.0.0.1:${publishPort}`, 'pushpin', sigKey),
    },
    options.profileOrigin === undefined
      ? []
      : ['--cpu-prof', `--cpu-prof-dir=${resolve(options.profileOrigin)}`],
  );
  let proxy: Child | undefined;
  const latencies = new Latencies();
  const maxMessages = Math.floor(options.seconds * options.rate) + 1;
  const clients = Array.from(
    { length: options.clients },
    (_, i) => new Client(i, maxMessages, options.senders, latencies),
  );
  let result: Omit<SoakResult, 'originCounters' | 'proxyCounters'>;
  let proxyCounters: Record<string, number> = {};
  let originCounters: Record<string, number> = {};
  try {
    proxy = await startChild('proxy-host.ts', {
      PROXY: kind,
      ORIGIN: origin.ready.url,
      PORT: String(port),
      PUBLISH_PORT: String(publishPort),
      SIG_KEY: sigKey,
    });
    const { wsUrl, publishUrl } = proxy.ready;
    if (wsUrl === undefined || publishUrl === undefined) throw new Error('the proxy host gave no URLs');

    say(`connecting ${options.clients} clients, ${options.batch} at a time`);
    const connect = await connectAll(clients, `${wsUrl}/chat`, options.batch);
    say(`${options.clients - connect.failed} connected in ${(connect.ms / 1000).toFixed(1)} s`);
    const probe = await waitUntilLive(clients, publishUrl);
    say(`subscriptions live after ${probe.probes} probes (${probe.notLive} not live)`);

    say(`chat for ${options.seconds} s, ${options.rate} messages/s from ${options.senders} senders`);
    const countedBefore = await origin.counters();
    const before = cpuSnapshot(origin, proxy);
    const traffic = await chat(clients, options);
    const after = cpuSnapshot(origin, proxy);
    const countedAfter = await origin.counters();
    const during = (name: string) => (countedAfter[name] ?? 0) - (countedBefore[name] ?? 0);
    say(`sent ${traffic.sent}; drained in ${(traffic.drainMs / 1000).toFixed(1)} s`);

    result = {
      proxy: kind,
      originKind,
      clients: options.clients,
      connected: options.clients - connect.failed,
      failedAttempts: connect.failedAttempts,
      connectErrors: connect.errors,
      connectMs: connect.ms,
      notLive: probe.notLive,
      probeMs: probe.ms,
      senders: options.senders,
      rate: options.rate,
      sent: traffic.sent,
      skipped: traffic.skipped,
      maxSendLagMs: traffic.maxLagMs,
      sendMs: traffic.sendMs,
      deliveryMs: latencies.lastAt - traffic.startedAt,
      drainMs: traffic.drainMs,
      delivery: tally(clients, traffic.sent),
      originWindow: { requests: during('requests'), published: during('published') },
      latency: latencies.summary(),
      cpu: {
        origin: after.origin - before.origin,
        proxy: after.proxy - before.proxy,
        clients: after.clients - before.clients,
        machine: after.machine - before.machine,
        windowMs: after.at - before.at,
      },
    };
  } finally {
    await closeAll(clients);
    proxyCounters = (await proxy?.stop()) ?? {};
    originCounters = await origin.stop();
  }
  // The children report their counters (publish errors, proxy warnings) as they stop.
  return { ...result, originCounters, proxyCounters };
}
