import { setTimeout as sleep } from 'node:timers/promises';
import type { GripHandler } from '@faas-grip/core';
import { type Server, serve } from '@faas-grip/node';
import { conformanceApp } from '../app/index.js';
import { freePorts } from '../proxies/ports.js';

export interface FaultOriginOptions {
  env: Record<string, string>;
  /** Milliseconds before a publish from the app gives up. */
  publishTimeoutMs?: number;
}

/**
 * The node entry's server (the conformance app on `@faas-grip/node`) on a
 * fixed port, so it can be stopped and come back at the same address, with
 * the errors it reports to `onError` kept for the test, and a delay that
 * makes every request slow.
 */
export class FaultOrigin {
  readonly url: string;
  /** Errors the app reported through `onError`, in order. */
  readonly errors: unknown[] = [];
  /** Added before each request reaches the app. */
  delayMs = 0;
  private server: Server | undefined;
  private readonly handler: GripHandler<Record<string, string>>;

  private constructor(
    private readonly port: number,
    private readonly options: FaultOriginOptions,
  ) {
    this.url = `http://127.0.0.1:${port}`;
    this.handler = async (request, ctx) => {
      if (this.delayMs > 0) await sleep(this.delayMs);
      return conformanceApp(request, ctx);
    };
  }

  static async create(options: FaultOriginOptions): Promise<FaultOrigin> {
    const [port] = (await freePorts(1)) as [number];
    return new FaultOrigin(port, options);
  }

  async start(): Promise<void> {
    if (this.server !== undefined) throw new Error(`The origin at ${this.url} is already running`);
    this.server = await serve(this.handler, {
      port: this.port,
      hostname: '127.0.0.1',
      env: this.options.env,
      onError: (error) => this.errors.push(error),
      ...(this.options.publishTimeoutMs === undefined
        ? {}
        : { publishTimeoutMs: this.options.publishTimeoutMs }),
    });
  }

  /** Stops listening and drops every connection: the proxy's next attempt is refused. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    await server?.close();
  }
}
