import type { DevLog } from '../engine/log.js';

export interface RuntimeStartOptions {
  /** Absolute path of the handler module. */
  module: string;
  /** Loopback port the origin must listen on (the proxy is already pointed at it). */
  port: number;
  /** The handler's whole environment, `GRIP_URL` included. */
  env: Record<string, string>;
  log: DevLog;
}

export interface RuntimeOrigin {
  /** Where the proxy reaches the handler. */
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * A way to run a handler module as a GRIP origin on loopback. `faas-grip dev`
 * restarts it on file changes; the proxy in front keeps client connections.
 */
export interface Runtime {
  readonly name: string;
  readonly description: string;
  start(options: RuntimeStartOptions): Promise<RuntimeOrigin>;
}
