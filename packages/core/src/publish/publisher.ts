import { type GripConfig, type GripEnvSettings, gripConfigFromEnv } from '../config.js';
import { GripConfigError, PublishError } from '../errors.js';
import { publishAuthorization } from './auth.js';
import { exportItem, type Publishable, type PublishOptions } from './item.js';

export interface PublisherOptions {
  /** Milliseconds before a publish is abandoned with a `PublishError` (default 10 000). */
  timeoutMs?: number;
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

async function post(
  url: string,
  body: string,
  authorization: string | undefined,
  options: Required<Pick<PublisherOptions, 'timeoutMs'>> & PublisherOptions,
): Promise<void> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', Accept: 'application/json' };
  if (authorization !== undefined) headers.Authorization = authorization;
  const signal = AbortSignal.timeout(options.timeoutMs);
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url, { method: 'POST', headers, body, signal });
  } catch (cause) {
    const timedOut = signal.aborted;
    const reason = timedOut ? `timed out after ${options.timeoutMs} ms` : `failed: ${String(cause)}`;
    throw new PublishError(`Publish to ${url} ${reason}`, { status: 0, body: '', url, timedOut, cause });
  }
  let text = '';
  try {
    text = await response.text();
  } catch (cause) {
    throw new PublishError(`Publish to ${url} lost its answer (status ${response.status})`, {
      status: response.status,
      body: '',
      url,
      timedOut: signal.aborted,
      cause,
    });
  }
  if (!response.ok) {
    throw new PublishError(
      `Publish to ${url} was refused with status ${response.status}: ${text.trim().slice(0, 200)}`,
      {
        status: response.status,
        body: text,
        url,
      },
    );
  }
}

/** `<control uri>/publish/`, keeping any query string the control URI carries. */
function publishUrl(controlUri: string): string {
  const url = new URL(controlUri);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/publish/`;
  return url.toString();
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
  const settings = { timeoutMs: 10_000, ...options };

  async function send(items: Record<string, unknown>[]): Promise<void> {
    if (config.proxies.length === 0) {
      throw new GripConfigError(
        'Cannot publish: GRIP_URL is not set (e.g. http://localhost:5561?iss=pushpin&key=...)',
      );
    }
    const body = JSON.stringify({ items });
    const results = await Promise.allSettled(
      config.proxies.map(async (proxy) =>
        post(publishUrl(proxy.controlUri), body, await publishAuthorization(proxy), settings),
      ),
    );
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failures.length === 1) throw failures[0]!.reason;
    if (failures.length > 1) {
      const first = failures[0]!.reason as PublishError;
      throw new PublishError(
        `Publish failed on ${failures.length} of ${config.proxies.length} proxies: ${first.message}`,
        {
          status: first.status,
          body: first.body,
          url: first.url,
          timedOut: first.timedOut,
          cause: new AggregateError(failures.map((f) => f.reason)),
        },
      );
    }
  }

  return {
    config,
    publish(channel, content, publishOptions) {
      return send([exportItem(config.prefix + channel, content, publishOptions)]);
    },
    publishMany(items) {
      if (items.length === 0) return Promise.resolve();
      return send(
        items.map(({ channel, content, ...rest }) => exportItem(config.prefix + channel, content, rest)),
      );
    },
  };
}
