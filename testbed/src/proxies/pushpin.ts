import { randomBytes } from 'node:crypto';
import { type LogEntry, startPushpin } from '@faas-grip/dev';
import { pollUntil } from '../wait.js';
import { ProxyInstance } from './instance.js';
import { originEnvFor } from './origin-env.js';
import { freePorts } from './ports.js';
import type { PreparedProxy, ProxyKind } from './types.js';

const PUSHPIN_BIN = process.env.PUSHPIN_BIN ?? 'pushpin';

/** A request makes it through to the origin: the publish API answering is not enough. */
async function untilOriginReached(proxy: ProxyInstance): Promise<void> {
  await pollUntil(
    async () => {
      const response = await fetch(`${proxy.httpUrl}/`, { signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      // Any answer that Pushpin did not make up itself shows the route works.
      return response.status === 502 || response.status === 503 || response.status === 504 ? undefined : true;
    },
    {
      timeoutMs: 15_000,
      intervalMs: 50,
      what: `a request through pushpin at ${proxy.httpUrl} to the origin`,
    },
  ).catch((error: unknown) => {
    throw new Error(`${String(error)}\n--- pushpin output ---\n${proxy.logs()}`);
  });
}

/**
 * The Debian `pushpin` binary, started by `@faas-grip/dev`'s harness, one
 * instance per test file, on free loopback ports.
 */
export const pushpin: ProxyKind = {
  name: 'pushpin',
  async prepare(): Promise<PreparedProxy> {
    const [port, publishPort] = (await freePorts(2)) as [number, number];
    const sigKey = `base64:${randomBytes(32).toString('base64')}`;
    let started = false;
    return {
      originEnv: originEnvFor(publishPort, sigKey),
      async start(originUrl) {
        if (started) throw new Error('This prepared pushpin was already started');
        started = true;
        const lines: string[] = [];
        const log = (entry: LogEntry) => lines.push(`${entry.message}\n`);
        const proxy = await startPushpin({
          bin: PUSHPIN_BIN,
          origin: originUrl,
          port,
          publishPort,
          sigIss: 'pushpin',
          sigKey,
          log,
          // A hung origin fails its test with a 502 instead of stalling it for ten minutes.
          originTimeoutSeconds: 30,
        });
        const instance = new ProxyInstance('pushpin', proxy, lines);
        try {
          await untilOriginReached(instance);
        } catch (error) {
          await instance.stop();
          throw error;
        }
        return instance;
      },
    };
  },
};
