import { randomBytes } from 'node:crypto';
import type { PublishRequest } from '../app/index.js';
import type { OriginEntry } from '../entries/types.js';
import type { PreparedProxy, ProxyKind, RunningProxy } from '../proxies/types.js';
import { untilHoldsWork } from './hold-probe.js';
import { StreamReader } from './http-stream.js';
import { untilSubscribed } from './probe.js';
import { type PublishItem, publishDirect, publishFromRuntime, streamItem, wsItem } from './publishing.js';
import { TestSocket } from './ws-client.js';

/**
 * One origin behind one proxy, for the tests of one file, plus the clients a
 * test opened (closed after each test).
 */
export class Bed {
  private prepared: PreparedProxy | undefined;
  private originServer: { url: string; stop(): Promise<void> } | undefined;
  private running: RunningProxy | undefined;
  private readonly sockets = new Set<TestSocket>();
  private readonly streams = new Set<StreamReader>();

  constructor(
    readonly entry: OriginEntry,
    readonly proxyKind: ProxyKind,
  ) {}

  /** Prepares the proxy, starts the origin with the proxy's env, then starts the proxy. */
  async start(): Promise<void> {
    this.prepared = await this.proxyKind.prepare();
    this.originServer = await this.entry.start({ ...this.prepared.originEnv });
    this.running = await this.prepared.start(this.originServer.url);
    await untilHoldsWork({
      name: this.proxyKind.name,
      http: (path, init) => this.http(path, init),
      publish: (item) => this.publish(item),
      channel: (name) => this.channel(name),
    });
  }

  async stop(): Promise<void> {
    this.closeClients();
    const proxy = this.running;
    const origin = this.originServer;
    this.running = undefined;
    this.originServer = undefined;
    await proxy?.stop();
    await origin?.stop();
  }

  get proxy(): RunningProxy {
    if (this.running === undefined) throw new Error(`${this.proxyKind.name} is not running`);
    return this.running;
  }

  /** The origin's own URL, bypassing the proxy. */
  get originUrl(): string {
    if (this.originServer === undefined) throw new Error(`the ${this.entry.name} origin is not running`);
    return this.originServer.url;
  }

  get originEnv(): Record<string, string> {
    if (this.prepared === undefined) throw new Error(`${this.proxyKind.name} was not prepared`);
    return this.prepared.originEnv;
  }

  /** The proxy if it is running, for failure reports. */
  get runningProxy(): RunningProxy | undefined {
    return this.running;
  }

  /** A channel name no other test uses. */
  channel(name: string): string {
    return `${name}-${randomBytes(4).toString('hex')}`;
  }

  async ws(path: string, protocols: string[] = []): Promise<TestSocket> {
    const socket = await TestSocket.open(`${this.proxy.wsUrl}${path}`, protocols);
    this.sockets.add(socket);
    return socket;
  }

  refusedWs(path: string): ReturnType<typeof TestSocket.refused> {
    return TestSocket.refused(`${this.proxy.wsUrl}${path}`);
  }

  async stream(path: string): Promise<StreamReader> {
    const reader = await StreamReader.open(`${this.proxy.httpUrl}${path}`);
    this.streams.add(reader);
    return reader;
  }

  /** A plain request through the proxy, abandoned after `timeoutMs`. */
  http(path: string, init: RequestInit = {}, timeoutMs = 15_000): Promise<Response> {
    return fetch(`${this.proxy.httpUrl}${path}`, { signal: AbortSignal.timeout(timeoutMs), ...init });
  }

  /**
   * Publishes straight to the proxy's API on the channels the origin uses:
   * named as the test names them, plus the origin's GRIP_PREFIX.
   */
  publish(...items: PublishItem[]): Promise<void> {
    const prefix = this.originEnv.GRIP_PREFIX ?? '';
    return publishDirect(
      this.proxy.publishUrl,
      items.map((item) => ({ ...item, channel: `${prefix}${item.channel}` })),
    );
  }

  publishFromRuntime(request: PublishRequest): Promise<void> {
    return publishFromRuntime(this.proxy.httpUrl, request);
  }

  /** Waits until every socket receives WebSocket publishes on `channel`. */
  untilWsSubscribed(sockets: readonly TestSocket[], channel: string): Promise<void> {
    return untilSubscribed(sockets, (probe) => this.publish(wsItem(channel, probe)), `to ${channel}`);
  }

  /** Waits until the stream receives publishes on `channel`. */
  untilStreamSubscribed(reader: StreamReader, channel: string): Promise<void> {
    return untilSubscribed(
      [reader],
      (probe) => this.publish(streamItem(channel, `${probe}\n`)),
      `to ${channel}`,
    );
  }

  closeClients(): void {
    for (const socket of this.sockets) socket.terminate();
    for (const reader of this.streams) reader.cancel();
    this.sockets.clear();
    this.streams.clear();
  }
}
