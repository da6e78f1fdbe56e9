import type { DevProxy } from '@faas-grip/dev';
import type { ProxyLogs } from './logs.js';
import type { RunningProxy } from './types.js';

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
