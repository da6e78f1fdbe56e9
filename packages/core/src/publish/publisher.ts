import { type GripConfig, type GripEnvSettings, type GripProxy, gripConfigFromEnv } from '../config.js';
import { GripConfigError, PublishError } from '../errors.js';
import { publishAuthorization } from './auth.js';
import { type Deadline, deliver, type PublishRequest } from './deliver.js';
import { exportItem, type Publishable, type PublishOptions } from './item.js';
import type { RetryPolicy } from './retry.js';

export interface PublisherOptions {
  /**
   * Milliseconds a whole publish may take, retries included, before it
   * rejects with a `PublishError` (default 10 000).
   */
  timeoutMs?: number;
  /** Retries per proxy after the first attempt (default: as many as fit in `timeoutMs`). */
  retries?: number;
  /** Ceiling of the first backoff wait, doubled after each retry (default 100). */
  minDelayMs?: number;
  /** Highest ceiling a backoff wait can reach (default 2 000, or `minDelayMs` if higher). */
  maxDelayMs?: number;
  /** The `fetch` to publish with (default: the global one). */
  fetch?: typeof fetch;
}

export interface Publisher {
  readonly config: GripConfig;
  /**
   * Publishes to `channel` (the configured prefix is added) on every
   * configured proxy. Rejects with a {@link PublishError} if any proxy fails.
   */
  publish(channel: string, content: Publishable, options?: PublishOptions): Promise<void>;
  /** Several items in one request per proxy. */
  publishMany(
    items: ReadonlyArray<{ channel: string; content: Publishable } & PublishOptions>,
  ): Promise<void>;
}

// setTimeout holds 32 bits: a longer timeout would fire at once.
const MAX_TIMER_MS = 2_147_483_647;

function checkOption(name: string, value: number, min: number, max: number, integer: boolean): number {
  if (typeof value !== 'number' || Number.isNaN(value) || value < min || value > max) {
    throw new RangeError(
      `PublisherOptions.${name} must be a number from ${min} to ${max}, got ${String(value)}`,
    );
  }
  if (integer && Number.isFinite(value) && !Number.isInteger(value)) {
    throw new RangeError(`PublisherOptions.${name} must be a whole number, got ${value}`);
  }
  return value;
}

function settingsFrom(options: PublisherOptions): { timeoutMs: number } & RetryPolicy {
  const timeoutMs = checkOption('timeoutMs', options.timeoutMs ?? 10_000, 1, MAX_TIMER_MS, false);
  const minDelayMs = checkOption('minDelayMs', options.minDelayMs ?? 100, 0, MAX_TIMER_MS, false);
  const maxDelayMs = checkOption(
    'maxDelayMs',
    options.maxDelayMs ?? Math.max(2_000, minDelayMs),
    minDelayMs,
    MAX_TIMER_MS,
    false,
  );
  const retries = checkOption('retries', options.retries ?? Number.POSITIVE_INFINITY, 0, Infinity, true);
  return { timeoutMs, minDelayMs, maxDelayMs, retries };
}

/** `<control uri>/publish/`, keeping any query string the control URI carries. */
function publishUrl(controlUri: string): URL {
  const url = new URL(controlUri);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/publish/`;
  return url;
}

/** The publish URL as errors show it: a query string may carry a secret, and userinfo always does. */
function shownUrl(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

function startDeadline(timeoutMs: number): Deadline & { stop(): void } {
  const controller = new AbortController();
  const end = Date.now() + timeoutMs;
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  return {
    signal: controller.signal,
    timeoutMs,
    remaining: () => Math.max(0, end - Date.now()),
    stop: () => clearTimeout(timer),
  };
}

async function proxyRequest(proxy: GripProxy, body: string): Promise<PublishRequest> {
  const url = publishUrl(proxy.controlUri);
  return {
    url: url.toString(),
    shownUrl: shownUrl(url),
    body,
    authorization: await publishAuthorization(proxy),
  };
}

/** One error for the proxies that failed, naming each of them; the first one's fields lead. */
function combined(errors: PublishError[], proxyCount: number): PublishError {
  const first = errors[0]!;
  if (errors.length === 1 && proxyCount === 1) return first;
  const failures = errors.flatMap((error) => error.failures);
  const named = failures.map((failure) => failure.url).join(', ');
  const delivered = proxyCount - errors.length;
  const others = delivered > 0 ? `; ${delivered} delivered it` : '';
  const message =
    `Publish failed on ${errors.length} of ${proxyCount} proxies (${named})${others}: ` +
    failures.map((failure) => failure.message).join('; ');
  return new PublishError(message, {
    status: first.status,
    body: first.body,
    url: first.url,
    timedOut: first.timedOut,
    attempts: first.attempts,
    failures,
    cause: errors.length === 1 ? first : new AggregateError(errors, 'Publish failed on several proxies'),
  });
}

function isConfig(value: unknown): value is GripConfig {
  return typeof value === 'object' && value !== null && Array.isArray((value as GripConfig).proxies);
}

/**
 * A publisher for code outside a handler (a cron job, a queue consumer), or
 * the one behind `ctx.publish`. Takes an environment (`process.env`, Worker
 * bindings) or a {@link GripConfig}.
 */
export function createPublisher(
  envOrConfig: GripConfig | GripEnvSettings | Record<string, unknown>,
  options: PublisherOptions = {},
): Publisher {
  const config = isConfig(envOrConfig) ? envOrConfig : gripConfigFromEnv(envOrConfig);
  const settings = settingsFrom(options);
  const fetchFn = options.fetch ?? ((input, init) => fetch(input, init));

  async function send(items: Record<string, unknown>[]): Promise<void> {
    if (config.proxies.length === 0) {
      throw new GripConfigError(
        'Cannot publish: GRIP_URL is not set (e.g. http://localhost:5561?iss=pushpin&key=...)',
      );
    }
    const body = JSON.stringify({ items });
    const deadline = startDeadline(settings.timeoutMs);
    try {
      const requests = await Promise.all(config.proxies.map((proxy) => proxyRequest(proxy, body)));
      // Every proxy gets the publish at the same time; one that is down does not hold up the others.
      const results = await Promise.allSettled(
        requests.map((request) => deliver(request, fetchFn, settings, deadline)),
      );
      const errors = results.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
      if (errors.length === 0) return;
      const unexpected = errors.find((error) => !(error instanceof PublishError));
      if (unexpected !== undefined) throw unexpected;
      throw combined(errors as PublishError[], config.proxies.length);
    } finally {
      deadline.stop();
    }
  }

  return {
    config,
    // Async, so that content refused before sending rejects like any other failure.
    async publish(channel, content, publishOptions) {
      return send([exportItem(config.prefix + channel, content, publishOptions)]);
    },
    async publishMany(items) {
      if (items.length === 0) return;
      return send(
        items.map(({ channel, content, ...rest }) => exportItem(config.prefix + channel, content, rest)),
      );
    },
  };
}
