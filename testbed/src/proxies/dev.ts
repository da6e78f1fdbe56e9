import { randomBytes } from 'node:crypto';
import { type DevProxy, type LogEntry, startDevProxy } from '@faas-grip/dev';
import type { ProxyLogs } from './logs.js';
import { originEnvFor } from './origin-env.js';
import { freePorts } from './ports.js';
import type { PreparedProxy, ProxyKind, RunningProxy } from './types.js';

class DevInstance implements RunningProxy, ProxyLogs {
  readonly name = 'dev';
  readonly httpUrl: string;
  readonly wsUrl: string;
  readonly publishUrl: string;

  constructor(
    private readonly proxy: DevProxy,
    private readonly lines: string[],
  ) {
    this.httpUrl = proxy.url;
    this.wsUrl = proxy.wsUrl;
    this.publishUrl = proxy.publishUrl;
  }

  logs(): string {
    return this.lines.join('');
  }

  stop(): Promise<void> {
    return this.proxy.close();
  }
}

/** `@faas-grip/dev`'s embedded proxy, in the test process, on free loopback ports. */
export const dev: ProxyKind = {
  name: 'dev',
  async prepare(): Promise<PreparedProxy> {
    const [port, publishPort] = (await freePorts(2)) as [number, number];
    const sigKey = `base64:${randomBytes(32).toString('base64')}`;
    let started = false;
    return {
      originEnv: originEnvFor(publishPort, sigKey),
      async start(originUrl) {
        if (started) throw new Error('This prepared dev proxy was already started');
        started = true;
        const lines: string[] = [];
        const log = (entry: LogEntry) => lines.push(`[${entry.level}] ${entry.scope}: ${entry.message}\n`);
        const proxy = await startDevProxy({
          origin: originUrl,
          port,
          publishPort,
          sigIss: 'pushpin',
          sigKey,
          log,
          // As the suite's Pushpin config (push_in_max_body_size).
          publishBodyLimit: 3_000_000,
        });
        return new DevInstance(proxy, lines);
      },
    };
  },
};
