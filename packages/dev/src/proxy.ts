import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describeError, guard } from './engine/guard.js';
import type { HttpDeps } from './engine/http/client.js';
import { Hub } from './engine/hub.js';
import { DEFAULT_PUBLISH_BODY_LIMIT, type ProxyLimits, resolveLimits } from './engine/limits.js';
import { type DevLog, oneLinePerEntry, warningsToStderr } from './engine/log.js';
import type { PublishItem } from './engine/publish/item.js';
import { gripUrlFor } from './grip-url.js';
import { plainAnswer, proxyHttp } from './http/proxy.js';
import { Origin } from './origin.js';
import { nodeOrigin } from './origin-exchange.js';
import { publishHosts } from './publish/access.js';
import { createPublishApi } from './publish/api.js';
import { gripSigner } from './sig.js';
import { createUpgradeHandler } from './ws/upgrade.js';

export interface DevProxyOptions {
  /** The origin's base URL (`http://127.0.0.1:3000`); requests keep their path. */
  origin: string | URL;
  /** Client port (default 7999, Pushpin's); 0 picks a free one. */
  port?: number;
  /** Publish API port (default 5561, Pushpin's); 0 picks a free one. */
  publishPort?: number;
  /** Address both servers bind (default 127.0.0.1). */
  hostname?: string;
  /** `Grip-Sig` issuer (default `pushpin`); an empty string turns signing off. */
  sigIss?: string;
  /** `Grip-Sig` HMAC key, text or `base64:…` (default `changeme`, as Pushpin's packaged config). */
  sigKey?: string;
  /** Where to report connections, events, subscriptions and publishes (default: warnings to stderr). */
  log?: DevLog;
  /** Largest publish body accepted, in bytes (default 1 000 000, as Pushpin). */
  publishBodyLimit?: number;
  /**
   * More `Host` names the publish API answers to, besides localhost,
   * 127.0.0.1, [::1] and `hostname` (for example a name containers use).
   */
  publishHosts?: string[];
  /** Bounds on messages, batches, queues and bodies; see the README for the defaults. */
  limits?: Partial<ProxyLimits>;
}

export interface DevProxy {
  /** Client URL: `http://host:port`. */
  readonly url: string;
  /** The same for WebSocket clients: `ws://host:port`. */
  readonly wsUrl: string;
  /** `http://host:publishPort/publish/`. */
  readonly publishUrl: string;
  /** A `GRIP_URL` for handlers behind this proxy (publish endpoint plus signing key). */
  readonly gripUrl: string;
  readonly port: number;
  readonly publishPort: number;
  /** Ends every connection and hold, and stops both servers. */
  close(): Promise<void>;
}

function listen(server: Server, port: number, hostname: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, hostname, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

function describeDelivery(item: PublishItem, receivers: number, note?: string): string {
  const formats = [
    item.wsMessage && 'ws-message',
    item.httpStream && 'http-stream',
    item.httpResponse && 'http-response',
  ].filter(Boolean);
  const id = item.id === undefined ? '' : ` id=${item.id}`;
  return `channel=${item.channel}${id} ${formats.join('+')} receivers=${receivers}${note ? ` (${note})` : ''}`;
}

/**
 * Starts the embedded GRIP proxy: a client port that speaks to the origin as
 * Pushpin does (WebSocket-over-HTTP, HTTP holds, `Grip-Sig`) and a
 * Pushpin-compatible publish API on a second port.
 */
export async function startDevProxy(options: DevProxyOptions): Promise<DevProxy> {
  const hostname = options.hostname ?? '127.0.0.1';
  const log = oneLinePerEntry(options.log ?? warningsToStderr);
  const sigIss = options.sigIss ?? 'pushpin';
  const sigKey = options.sigKey ?? 'changeme';
  const sign = gripSigner({ iss: sigIss, key: sigKey });
  const limits = resolveLimits(options.limits);
  const origin = new Origin(options.origin);
  const closing = new AbortController();
  const hub = new Hub({
    maxWaiting: limits.channelWaitingItems,
    idCacheChars: limits.idCacheChars,
    onDeliver: (item, receivers, note) =>
      log({ level: 'info', scope: 'publish', message: describeDelivery(item, receivers, note) }),
    onSubscriberError: (item, error) =>
      log({
        level: 'error',
        scope: 'publish',
        message: `a subscriber of ${item.channel} failed to take an item: ${describeError(error)}`,
      }),
  });
  const state: HttpDeps = {
    origin: nodeOrigin(origin),
    hub,
    log,
    limits,
    closing: closing.signal,
    open: new Set(),
    gripHeaders: () => {
      const headers: Record<string, string> = { 'grip-feature': 'status' };
      if (sign !== undefined) headers['grip-sig'] = sign();
      return headers;
    },
  };

  // Every request runs guarded: whatever it throws is one log line and an
  // answer for that request, never the end of the process.
  const client = http.createServer((req, res) =>
    guard(
      log,
      `http ${req.method} ${req.url}`,
      () => proxyHttp(state, req, res),
      () => plainAnswer(res, 502, 'The dev proxy could not handle this request.'),
    ),
  );
  client.on('upgrade', createUpgradeHandler(state));
  let publishPort = 0;
  const publishApi = createPublishApi({
    hub,
    log,
    bodyLimit: options.publishBodyLimit ?? DEFAULT_PUBLISH_BODY_LIMIT,
    access: { hosts: publishHosts(hostname, options.publishHosts), port: () => publishPort },
  });
  const publish = http.createServer((req, res) =>
    guard(
      log,
      'publish',
      () => publishApi(req, res),
      () => plainAnswer(res, 500, 'The dev proxy could not handle this publish.'),
    ),
  );

  let port: number;
  try {
    port = await listen(client, options.port ?? 7999, hostname);
    publishPort = await listen(publish, options.publishPort ?? 5561, hostname);
  } catch (error) {
    await Promise.all([close(client), close(publish)]);
    origin.close();
    throw error;
  }
  const host = hostname.includes(':') ? `[${hostname}]` : hostname;
  const controlUri = `http://${host}:${publishPort}`;
  log({
    level: 'info',
    scope: 'proxy',
    message: `listening on http://${host}:${port}, publish API ${controlUri}/publish/`,
  });

  let closed: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    wsUrl: `ws://${host}:${port}`,
    publishUrl: `${controlUri}/publish/`,
    gripUrl: gripUrlFor(controlUri, sigIss, sigKey),
    port,
    publishPort,
    close() {
      closed ??= (async () => {
        closing.abort();
        for (const open of [...state.open]) open.shutdown();
        await Promise.all([close(client), close(publish)]);
        hub.close();
        origin.close();
      })();
      return closed;
    },
  };
}
