import { alternate, extraMedian, type Sample } from './alternate.js';
import { type Child, startChild } from './children.js';
import { pushpinGripSig } from './grip-sig.js';
import type { LoadJob, LoadResult } from './load/http-client.js';
import { type FigureResult, perSecond } from './report.js';
import { median, spread } from './stats.js';

export interface NodeOriginOptions {
  rounds: number;
  /** Seconds of load per side per round. */
  seconds: number;
  connections: number;
}

const CONNECTION_ID = '7ce92512-8a18-4556-b253-0e78c75e1c89';

/** A WebSocket-over-HTTP POST as Pushpin sends it for one TEXT message (its `Grip-Sig` is added per request). */
export function wsTextRequest(url: string, seconds: number, connections: number): LoadJob {
  return {
    url,
    seconds,
    connections,
    path: '/ws',
    headers: {
      'Accept-Encoding': 'deflate, gzip, br, zstd',
      'Sec-WebSocket-Version': '13',
      'Sec-WebSocket-Key': '0OTN1cbhsq4J4N/Ky+RwGA==',
      'Sec-WebSocket-Extensions': 'grip',
      'Grip-Feature': 'status, session, link:next, filter:skip-self, filter:skip-users, filter:require-sub',
      Accept: 'application/websocket-events',
      'Connection-Id': CONNECTION_ID,
      'Content-Type': 'application/websocket-events',
    },
    body: 'TEXT 5\r\nhello\r\n',
  };
}

/** Fails loudly unless the origin echoes a signed message and refuses an unsigned one. */
async function checkOrigin(name: string, url: string): Promise<void> {
  const job = wsTextRequest(url, 0, 1);
  const headers = { ...job.headers };
  const signed = await fetch(`${url}/ws`, {
    method: 'POST',
    headers: { ...headers, 'Grip-Sig': pushpinGripSig()() },
    body: job.body,
  });
  const text = await signed.text();
  if (signed.status !== 200 || !text.includes('hello')) {
    throw new Error(`${name}: a signed TEXT got ${signed.status} ${JSON.stringify(text)}`);
  }
  const unsigned = await fetch(`${url}/ws`, { method: 'POST', headers, body: job.body });
  await unsigned.arrayBuffer();
  if (unsigned.status !== 403) throw new Error(`${name}: an unsigned TEXT got ${unsigned.status}, not 403`);
}

async function measure(origin: Child, load: Child, job: LoadJob): Promise<Sample> {
  const before = await origin.cpuMicros();
  const result = await load.run<LoadResult>(job, job.seconds * 1000 + 30_000);
  const after = await origin.cpuMicros();
  if (result.errors > 0 || result.other > 0 || result.ok === 0) {
    throw new Error(`load on ${job.url}: ${result.ok} ok, ${result.other} other, ${result.errors} errors`);
  }
  return { value: result.ok / result.seconds, extra: { cpuMicros: (after - before) / result.ok } };
}

/**
 * Figure 1: requests/s of one Node origin on its own core (core 1), driven
 * by a keep-alive client on the other (core 0), with a Pushpin-style
 * Grip-Sig on every request.
 */
export async function nodeOriginFigure(options: NodeOriginOptions): Promise<FigureResult[]> {
  const started: Child[] = [];
  try {
    const ours = await startChild('origins/node-ours.ts', {}, 1);
    started.push(ours);
    const grip = await startChild('origins/node-grip.ts', {}, 1);
    started.push(grip);
    const load = await startChild('load/child.ts', {}, 0);
    started.push(load);
    await checkOrigin('@faas-grip/node origin', ours.url);
    await checkOrigin('@fanoutio/grip origin', grip.url);
    const jobOf = (url: string, seconds: number) => wsTextRequest(url, seconds, options.connections);
    // Warm both up (JIT, connection pools) before anything counts.
    await measure(ours, load, jobOf(ours.url, 1.5));
    await measure(grip, load, jobOf(grip.url, 1.5));
    const run = await alternate(
      options.rounds,
      () => measure(ours, load, jobOf(ours.url, options.seconds)),
      () => measure(grip, load, jobOf(grip.url, options.seconds)),
    );
    const side = (samples: Sample[]) =>
      `${perSecond(median(samples.map((s) => s.value)))}, ${extraMedian(samples, 'cpuMicros').toFixed(0)} µs CPU/req`;
    // On a shared machine other processes take turns on the origin's core, which moves req/s far more than
    // CPU per request; the CPU row reads the same rounds the other way round (baseline µs / ours µs).
    const cpuRatios = run.ours.map(
      (mine, round) =>
        (run.baseline[round]?.extra?.cpuMicros ?? Number.NaN) / (mine.extra?.cpuMicros ?? Number.NaN),
    );
    const cpuRatio = spread(cpuRatios);
    return [
      {
        title: `Node origin, requests/s, Grip-Sig verified (${options.connections} connections, origin on core 1, load on core 0)`,
        ratio: run.ratio,
        ours: side(run.ours),
        baseline: side(run.baseline),
        goal: '≥ 0.8',
        met: run.ratio.median >= 0.8,
        rounds: options.rounds,
      },
      {
        title: 'the same rounds as CPU per request, baseline µs / ours µs',
        ratio: cpuRatio,
        ours: `${extraMedian(run.ours, 'cpuMicros').toFixed(0)} µs CPU/req`,
        baseline: `${extraMedian(run.baseline, 'cpuMicros').toFixed(0)} µs CPU/req`,
        goal: '≥ 0.8',
        met: cpuRatio.median >= 0.8,
        rounds: options.rounds,
      },
    ];
  } finally {
    await Promise.all(started.map((child) => child.stop()));
  }
}
