import { randomBytes } from 'node:crypto';
import type { DevProxy, LogEntry } from '@faas-grip/dev';
import type { ProxyLogs } from './logs.js';
import { originEnvFor } from './origin-env.js';
import { freePorts } from './ports.js';
import type { PreparedProxy, ProxyKind, RunningProxy } from './types.js';

/** A proxy started through `@faas-grip/dev` (its own or Pushpin), with the log lines it reported. */
export class ProxyInstance implements RunningProxy, ProxyLogs {
  readonly httpUrl: string;
  readonly wsUrl: string;
  readonly publishUrl: string;

  constructor(
    readonly name: string,
    private readonly proxy: DevProxy,
    private readonly lines: readonly string[],
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

/** What every proxy in the suite is started with. */
export interface LaunchSettings {
  origin: string;
  port: number;
  publishPort: number;
  sigIss: string;
  sigKey: string;
  log: (entry: LogEntry) => void;
}

export interface LaunchedKind {
  name: string;
  launch(settings: LaunchSettings): Promise<DevProxy>;
  /** How one log entry reads in a failure report. */
  logLine(entry: LogEntry): string;
  /** Resolves once the proxy really serves, beyond what `launch` waited for. */
  ready?(instance: ProxyInstance): Promise<void>;
}

/** A proxy kind started through `@faas-grip/dev`, one instance per test file, on free loopback ports. */
export function launchedKind(kind: LaunchedKind): ProxyKind {
  return {
    name: kind.name,
    async prepare(): Promise<PreparedProxy> {
      const [port, publishPort] = (await freePorts(2)) as [number, number];
      const sigKey = `base64:${randomBytes(32).toString('base64')}`;
      let started = false;
      return {
        originEnv: originEnvFor(publishPort, sigKey),
        async start(origin) {
          if (started) throw new Error(`This prepared ${kind.name} proxy was already started`);
          started = true;
          const lines: string[] = [];
          const log = (entry: LogEntry) => lines.push(kind.logLine(entry));
          const proxy = await kind.launch({ origin, port, publishPort, sigIss: 'pushpin', sigKey, log });
          const instance = new ProxyInstance(kind.name, proxy, lines);
          try {
            await kind.ready?.(instance);
          } catch (error) {
            await instance.stop();
            throw error;
          }
          return instance;
        },
      };
    },
  };
}
