import { createPublisher, type GripOptions, type Publisher } from '@faas-grip/core';
import { gripConfigFromEnv, pendingWork } from '@faas-grip/core/adapter';
import {
  DEFAULT_LIMITS,
  type DevLog,
  forwardedHeaders,
  type HttpDeps,
  Hub,
  handlerOrigin,
  type LogEntry,
  type ProxyLimits,
  replacedOnWebSockets,
  WsConnection,
  webGripSigner,
} from '@faas-grip/dev/engine';
import { KitWebSocket } from './client.js';
import { DEFAULT_TIMEOUT_MS, withDeadline } from './deadline.js';
import { type HttpOutcome, sendHttp } from './http.js';
import { publishIntake } from './publish-intake.js';
import { type PublishedItem, publishedItem } from './published.js';
import { proxyEnvironment, type SigningKey } from './signing.js';
import type { TestStream } from './stream.js';
import { type TestTarget, targetOrigin } from './target.js';
import type { TestWebSocket } from './test-websocket.js';

export interface TestProxyOptions<Env> {
  /**
   * The environment the handler gets as `ctx.env`, or a FetchTarget as its
   * second argument (a `GRIP_URL` is added when it has none).
   */
  env?: Env;
  /**
   * How requests are signed: by default as the configured proxy would (see
   * the README); `false` sends them unsigned; a key signs with that key.
   */
  sign?: SigningKey | boolean;
  /**
   * Options for `handleRequest` (`allowUnsigned`, `onError`,
   * `publishTimeoutMs`) when the target is a GripHandler; a FetchTarget
   * passes them to its adapter instead, and refuses this option.
   */
  grip?: Omit<GripOptions, 'publishFetch'>;
  /** Deadline of every wait (`connect`, `send`, `next`), in milliseconds of real time (default 2000). */
  timeoutMs?: number;
  /** The origin requests go to (default `http://localhost`); only the path of `connect` varies. */
  baseUrl?: string;
  /** Also told every log entry of the proxy (connections, events, subscriptions, publishes). */
  log?: DevLog;
  /** Bounds on batches, queues and answers, as the dev proxy's. */
  limits?: Partial<ProxyLimits>;
}

export interface ConnectOptions {
  /**
   * Request headers of the client's handshake (anything `new Headers()` takes;
   * not DOM's HeadersInit, which a Node project without the DOM library lacks).
   */
  headers?: ConstructorParameters<typeof Headers>[0];
  /** Subprotocols the client offers (`Sec-WebSocket-Protocol`). */
  protocols?: string | string[];
}

/** The handler refused the WebSocket: it answered OPEN with this HTTP response instead. */
export class HandshakeRefusedError extends Error {
  constructor(
    readonly status: number,
    readonly headers: Headers,
    readonly body: string,
  ) {
    super(`the handshake was refused with ${status}: ${body.trim().slice(0, 200)}`);
    this.name = 'HandshakeRefusedError';
  }
}

export interface TestProxy<Env> {
  /** The environment the handler runs with. */
  readonly env: Env;
  /** Every log entry of the proxy so far (the newest 1000). */
  readonly logs: readonly LogEntry[];
  /** Opens a WebSocket to `path` through the proxy; rejects with {@link HandshakeRefusedError} if refused. */
  connect(path: string, options?: ConnectOptions): Promise<TestWebSocket>;
  /**
   * Sends an HTTP request through the proxy and holds it as the handler asks:
   * resolves at once for an ordinary answer, and once the hold is in place
   * for a long-poll (`response` settles later) or a stream.
   */
  request(path: string, init?: RequestInit): Promise<HttpOutcome>;
  /** An HTTP request whose answer is held as a stream (`holdStream`, `eventStream`); rejects if it is not. */
  stream(path: string, init?: RequestInit): Promise<TestStream>;
  /** An HTTP request's final answer: the handler's own, or a long-poll's once it completes. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** Connections and holds subscribed to a channel (named as the handler names it) right now. */
  subscribers(channel: string): number;
  /** Items published so far, oldest first: all, or those of one channel (named as the handler names it). */
  published(channel?: string): PublishedItem[];
  /** A `fetch` that delivers publishes to this proxy: hand it to `createPublisher(env, { fetch })`. */
  readonly publishFetch: typeof fetch;
  /** A publisher for code outside the handler, publishing to this proxy. */
  readonly publisher: Publisher;
  /**
   * The proxy restarts: every connection is dropped (clients see 1006) and
   * every subscription forgotten, without the handler hearing of it, as when
   * Pushpin restarts. New connections work at once.
   */
  restart(): void;
  /** Resolves when the `waitUntil` work handed to the proxy so far has settled. */
  settled(): Promise<void>;
  /** Ends every connection; the proxy takes no more. */
  close(): void;
}

interface Generation {
  closing: AbortController;
  hub: Hub;
  open: Set<{ shutdown(): void }>;
}

const MAX_LOGS = 1000;

const FORGOTTEN_PUBLISH_FETCH =
  'nothing was published to this proxy yet: an app given as { fetch } publishes here only when its adapter ' +
  'is given proxy.publishFetch as its publishFetch option';

/**
 * A GRIP proxy in process for testing a handler: it calls the handler
 * directly (through `handleRequest`, with no HTTP and no ports), or an app as
 * deployed through its `fetch(request, env, ctx)`, signs its requests as the
 * configured proxy would, delivers what it publishes to the connected test
 * clients, and runs the same engine as `faas-grip dev`.
 */
export function createTestProxy<Env = Record<string, string | undefined>>(
  target: TestTarget<Env>,
  options: TestProxyOptions<Env> = {},
): TestProxy<Env> {
  const given = (options.env ?? {}) as Record<string, unknown>;
  const { env: proxyEnv, signing } = proxyEnvironment(given, options.sign);
  const env = proxyEnv as Env;
  const prefix = gripConfigFromEnv(env).prefix;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const logs: LogEntry[] = [];
  const log: DevLog = (entry) => {
    logs.push(entry);
    if (logs.length > MAX_LOGS) logs.splice(0, logs.length - MAX_LOGS);
    options.log?.(entry);
  };
  // waitUntil work, which settled() waits for (rejections are core's to report).
  const pending = pendingWork();
  let closed = false;

  const newGeneration = (): Generation => ({
    closing: new AbortController(),
    hub: new Hub({
      onDeliver: (item, receivers, note) =>
        log({
          level: 'info',
          scope: 'publish',
          message: `channel=${item.channel} receivers=${receivers}${note ? ` (${note})` : ''}`,
        }),
    }),
    open: new Set(),
  });
  let generation = newGeneration();

  const { fetch: publishFetch, record } = publishIntake(
    () => generation.hub,
    () => closed,
  );

  const sign = signing === undefined ? undefined : webGripSigner(signing);
  const origin = handlerOrigin(
    targetOrigin(target, {
      env,
      waitUntil: pending.add,
      grip: options.grip,
      publishFetch,
    }),
    options.baseUrl ?? 'http://localhost',
  );

  const deps = (current: Generation): HttpDeps => ({
    origin,
    hub: current.hub,
    log,
    limits,
    closing: current.closing.signal,
    open: current.open,
    gripHeaders: async () => ({
      'grip-feature': 'status',
      ...(sign === undefined ? {} : { 'grip-sig': await sign() }),
    }),
  });

  const host = new URL(options.baseUrl ?? 'http://localhost').host;
  const request = (path: string, init: RequestInit = {}): Promise<HttpOutcome> => {
    if (closed) return Promise.reject(new Error('the test proxy is closed'));
    if (!path.startsWith('/'))
      return Promise.reject(new TypeError(`a path starting with "/" is needed, got ${path}`));
    return sendHttp(deps(generation), path, init, host, timeoutMs);
  };

  const end = (current: Generation): void => {
    current.closing.abort();
    for (const open of [...current.open]) open.shutdown();
    current.hub.close();
  };

  return {
    env,
    logs,
    publishFetch,
    publisher: createPublisher(env as Record<string, unknown>, { fetch: publishFetch }),

    async connect(path, connectOptions = {}) {
      if (closed) throw new Error('the test proxy is closed');
      if (!path.startsWith('/')) throw new TypeError(`connect takes a path starting with "/", got ${path}`);
      const headers = new Headers(connectOptions.headers);
      const { protocols } = connectOptions;
      if (protocols !== undefined) {
        headers.set(
          'sec-websocket-protocol',
          (Array.isArray(protocols) ? protocols : [protocols]).join(', '),
        );
      }
      headers.set('sec-websocket-version', '13');
      const current = generation;
      const connection = new WsConnection(deps(current), {
        path,
        headers: forwardedHeaders(headers, replacedOnWebSockets),
      });
      const verdict = await withDeadline(
        connection.open(current.closing.signal),
        timeoutMs,
        () => `waited ${timeoutMs} ms for the handler to answer the WebSocket handshake of ${path}`,
      );
      if (verdict.kind === 'reject') {
        throw new HandshakeRefusedError(
          verdict.status,
          new Headers(verdict.headers as Array<[string, string]>),
          new TextDecoder().decode(verdict.body),
        );
      }
      const extra = new Headers();
      for (const line of verdict.headers) {
        const colon = line.indexOf(':');
        extra.append(line.slice(0, colon), line.slice(colon + 1).trim());
      }
      const scope = `ws ${connection.id.slice(0, 8)}`;
      const lastProblem = (): string | undefined => {
        const logged = logs.findLast(
          (entry) => entry.scope === scope && (entry.level === 'error' || entry.level === 'warn'),
        );
        if (logged !== undefined) return `the proxy logged: ${logged.message}`;
        // The kit cannot see an app's own publishing fail: say what is most likely missing.
        if (typeof target !== 'function' && record.length === 0) return FORGOTTEN_PUBLISH_FETCH;
        return undefined;
      };
      const client = new KitWebSocket(connection, path, verdict.protocol, extra, timeoutMs, lastProblem);
      connection.attach(client.endpoint, verdict.events);
      return client;
    },

    request,

    async stream(path, init) {
      const outcome = await request(path, init);
      if (outcome.kind !== 'stream') {
        throw new Error(`${path} was not held as a stream (the handler's answer: ${outcome.kind})`);
      }
      return outcome.stream;
    },

    async fetch(path, init) {
      const outcome = await request(path, init);
      if (outcome.kind === 'response') return outcome.response;
      if (outcome.kind === 'long-poll') return outcome.response;
      throw new Error(`${path} is held as a stream: read it with proxy.stream()`);
    },

    subscribers: (channel) => generation.hub.subscriberCount(prefix + channel),

    published(channel) {
      const items =
        channel === undefined ? record : record.filter((item) => item.channel === prefix + channel);
      return items.map((item) => publishedItem(item, prefix));
    },

    restart() {
      if (closed) return;
      const old = generation;
      generation = newGeneration();
      end(old);
    },

    async settled() {
      await pending.settle();
    },

    close() {
      if (closed) return;
      closed = true;
      end(generation);
    },
  };
}
