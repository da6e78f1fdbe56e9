import { afterAll, beforeAll, beforeEach } from 'vitest';
import { CHANNEL_PREFIX } from '../proxies/origin-env.js';
import { FaultOrigin } from './fault-origin.js';
import { RestartablePushpin } from './restartable-pushpin.js';

/** The node entry's app behind real Pushpins, for the tests of one `describe`. */
export interface FaultBed {
  /** Every proxy, each named in the app's GRIP_URL (space-separated). */
  readonly proxies: readonly RestartablePushpin[];
  /** The first proxy. */
  readonly proxy: RestartablePushpin;
  readonly origin: FaultOrigin;
}

/**
 * Starts the app behind `count` Pushpins before the tests of the `describe`
 * it is called in and stops them all after; a failed test shows the end of
 * each proxy's output (across its restarts).
 */
export function faultBed(count: number, publishTimeoutMs?: number): FaultBed {
  let proxies: RestartablePushpin[] = [];
  let origin: FaultOrigin | undefined;
  beforeAll(async () => {
    proxies = await RestartablePushpin.prepare(count, CHANNEL_PREFIX);
    origin = await FaultOrigin.create({
      env: { GRIP_URL: proxies.map((proxy) => proxy.gripUrl).join(' '), GRIP_PREFIX: CHANNEL_PREFIX },
      ...(publishTimeoutMs === undefined ? {} : { publishTimeoutMs }),
    });
    await origin.start();
    const started = origin;
    // Every start settles before a failure is thrown, so that afterAll finds each proxy that did start.
    const starts = await Promise.allSettled(proxies.map((proxy) => proxy.start(started.url)));
    const failed = starts.find((start) => start.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
  }, 30_000);
  afterAll(async () => {
    for (const proxy of proxies) await proxy.stop();
    await origin?.stop();
  }, 15_000);
  beforeEach((context) => {
    context.onTestFailed(() => {
      for (const proxy of proxies) {
        const tail = proxy.logs().trimEnd().split('\n').slice(-80).join('\n');
        console.error(`--- ${proxy.label} output, last lines ---\n${tail || '(none)'}\n---`);
      }
    });
  });
  return {
    get proxies() {
      return proxies;
    },
    get proxy() {
      const first = proxies[0];
      if (first === undefined) throw new Error('the fault bed has not started');
      return first;
    },
    get origin() {
      if (origin === undefined) throw new Error('the fault bed has not started');
      return origin;
    },
  };
}
