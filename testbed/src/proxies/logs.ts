import type { RunningProxy } from './types.js';

/**
 * A proxy that captures its own output. The suite prints the part written
 * during a failed test, so a failure shows what the proxy saw.
 */
export interface ProxyLogs {
  /** Everything captured so far. */
  logs(): string;
}

export function hasLogs(proxy: RunningProxy): proxy is RunningProxy & ProxyLogs {
  return typeof (proxy as Partial<ProxyLogs>).logs === 'function';
}
