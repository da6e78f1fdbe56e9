import { type DevProxy, startPushpin } from '@faas-grip/dev';
import type WebSocket from 'ws';
import { freePorts } from '../../soak/ports.js';
import { alternate, extraMedian, type Sample } from '../alternate.js';
import { type Child, startChild } from '../children.js';
import { SIG_ISS, SIG_KEY } from '../keys.js';
import { type FigureResult, perSecond } from '../report.js';
import { median, quantile } from '../stats.js';
import { closedLoop, openClients } from './clients.js';

export interface PushpinOptions {
  rounds: number;
  seconds: number;
  clients: number;
}

interface Side {
  origin: Child;
  proxy: DevProxy;
  sockets: WebSocket[];
}

async function measure(side: Side, seconds: number): Promise<Sample> {
  const before = await side.origin.cpuMicros();
  const result = await closedLoop(side.sockets, seconds);
  const after = await side.origin.cpuMicros();
  return {
    value: result.echoes / result.seconds,
    extra: { p99: quantile(result.latencies, 0.99), cpuMicros: (after - before) / result.echoes },
  };
}

/**
 * Figure 4: the echo through a real Pushpin, one Pushpin per origin, each
 * origin in its own process. 50 clients per side stay connected for the
 * whole figure; only one side's clients send at a time.
 */
export async function pushpinFigure(options: PushpinOptions): Promise<FigureResult> {
  const origins: Child[] = [];
  const proxies: DevProxy[] = [];
  const sides: Side[] = [];
  try {
    for (const script of ['origins/node-ours.ts', 'origins/node-grip.ts']) {
      const origin = await startChild(script, {});
      origins.push(origin);
      const [port, publishPort] = await freePorts(2);
      const proxy = await startPushpin({
        origin: origin.url,
        hostname: '127.0.0.1',
        port: port as number,
        publishPort: publishPort as number,
        sigIss: SIG_ISS,
        sigKey: SIG_KEY,
      });
      proxies.push(proxy);
      sides.push({ origin, proxy, sockets: await openClients(`${proxy.wsUrl}/ws`, options.clients) });
    }
    const [ours, grip] = sides as [Side, Side];
    await measure(ours, 1);
    await measure(grip, 1);
    const run = await alternate(
      options.rounds,
      () => measure(ours, options.seconds),
      () => measure(grip, options.seconds),
    );
    const show = (samples: Sample[]) =>
      `${perSecond(median(samples.map((s) => s.value)))}, p99 ${extraMedian(samples, 'p99').toFixed(0)} ms, origin ${extraMedian(samples, 'cpuMicros').toFixed(0)} µs CPU/msg`;
    return {
      title: `echo through real Pushpin, ${options.clients} clients in a closed loop, msg/s`,
      ratio: run.ratio,
      ours: show(run.ours),
      baseline: show(run.baseline),
      goal: '≥ 0.95',
      met: run.ratio.median >= 0.95,
      rounds: options.rounds,
    };
  } finally {
    for (const side of sides) for (const socket of side.sockets) socket.terminate();
    await Promise.all(proxies.map((proxy) => proxy.close()));
    await Promise.all(origins.map((origin) => origin.stop()));
  }
}
