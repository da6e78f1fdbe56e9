import { randomBytes } from 'node:crypto';
import { type LogEntry, startDevProxy } from '@faas-grip/dev';
import { ProxyInstance } from './instance.js';
import { originEnvFor } from './origin-env.js';
import { freePorts } from './ports.js';
import type { PreparedProxy, ProxyKind } from './types.js';

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
        return new ProxyInstance('dev', proxy, lines);
      },
    };
  },
};
