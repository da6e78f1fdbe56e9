import type { GripConfig } from './config.js';
import type { ChannelSpec } from './http/channel.js';
import type { HoldOptions, LongPollOptions } from './http/hold.js';
import type { Publishable, PublishOptions } from './publish/item.js';
import type { Publisher } from './publish/publisher.js';

/** The environment type when none is given: string settings, as in `process.env`. */
export type GripEnv = Record<string, string | undefined>;

export interface GripContext<Env = GripEnv> {
  /** The platform's configuration: `process.env` on Node, Lambda and Vercel; bindings on Workers. */
  readonly env: Env;
  /** The request came through a GRIP proxy (it carried a `Grip-Sig`, valid if verification is on). */
  readonly proxied: boolean;
  /** The `Grip-Sig` verified against a configured key. */
  readonly signed: boolean;
  /** The GRIP configuration read from `env`. */
  readonly config: GripConfig;
  /** The publisher behind `publish`, to hand to code that outlives the request. */
  readonly publisher: Publisher;
  /** Publishes to a channel through every configured proxy; rejects with `PublishError` on failure. */
  publish(channel: string, content: Publishable, options?: PublishOptions): Promise<void>;
  /** Keeps the invocation alive until `promise` settles (the platform's `waitUntil`). */
  waitUntil(promise: Promise<unknown>): void;
  /** {@link holdStream}; the configured prefix is added to the channels. */
  holdStream(channels: ChannelSpec | readonly ChannelSpec[], options?: HoldOptions): Response;
  /** {@link holdLongPoll}; the configured prefix is added to the channels. */
  holdLongPoll(channels: ChannelSpec | readonly ChannelSpec[], options?: LongPollOptions): Response;
  /** Channels the proxy reported a gap on (`Grip-Last`), as channel → last id. */
  readonly lastIds: ReadonlyMap<string, string>;
}

export type GripHandler<Env = GripEnv> = (
  request: Request,
  ctx: GripContext<Env>,
) => Response | Promise<Response>;

/** Options every adapter's `handle` accepts. */
export interface GripOptions {
  /**
   * Let requests without a valid `Grip-Sig` reach the handler even when a
   * verification key is configured (`ctx.proxied`/`ctx.signed` tell them apart).
   */
  allowUnsigned?: boolean;
  /** Milliseconds a publish may take, retries included, before it rejects (default 10 000). */
  publishTimeoutMs?: number;
  /** Called with errors the handler threw that become a 500, and with failed `waitUntil` work. */
  onError?: (error: unknown, request: Request) => void;
  /** The `fetch` that `ctx.publish` sends with (default: the global one); a test proxy passes its own. */
  publishFetch?: typeof fetch;
}

/** What an adapter supplies from its platform for one request. */
export interface PlatformContext<Env> {
  env: Env;
  waitUntil(promise: Promise<unknown>): void;
}
