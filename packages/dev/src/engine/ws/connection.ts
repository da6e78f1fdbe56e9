import type { DecodedWebSocketEvent } from '@faas-grip/core';
import { encodeClosePayload } from '@faas-grip/core/protocol';
import { fromUtf8 } from '../bytes.js';
import type { Channels, EngineItem, EngineSubscriber } from '../channels.js';
import { describeError, guard } from '../guard.js';
import type { DevLog } from '../log.js';
import { preview } from '../log.js';
import { joinedHeader, type OriginAnswer } from '../origin.js';
import { pause } from '../timers.js';
import type { ClientEndpoint } from './client.js';
import { Controls } from './controls.js';
import { Delivery } from './delivery.js';
import { undeliverable } from './events.js';
import { FlowControl } from './flow-control.js';
import { badGateway, type OpenResult, type OpenVerdict, readOpenAnswer } from './handshake.js';
import { ClientKeepAlive, OriginKeepAlive } from './keep-alive.js';
import { OriginLink, type OriginLinkDeps, type OutEvent } from './origin-link.js';
import { Outbox } from './outbox.js';

type Level = 'debug' | 'info' | 'warn' | 'error';

/** The bounds a connection keeps (see the dev proxy's `ProxyLimits`). */
export interface ConnectionLimits {
  batchEvents: number;
  batchBytes: number;
  clientQueueEvents: number;
  clientQueueBytes: number;
  originAnswerBytes: number;
}

/** What the connections of one proxy share. */
export interface ConnectionDeps extends OriginLinkDeps {
  hub: Channels;
  log: DevLog;
  limits: ConnectionLimits;
  /** Open connections, ended when the proxy shuts down. */
  open: Set<{ shutdown(): void }>;
}

/** The client's side of the handshake, as the proxy received it. */
export interface ClientHandshake {
  /** Path and query. */
  path: string;
  /** The client's headers for the origin (lower-case names), less what the proxy owns. */
  headers: Record<string, string | string[]>;
}

/** What a client sent on an open connection. */
export type ClientEventType = 'TEXT' | 'BINARY' | 'PING' | 'PONG';

// What a queued event weighs: its content plus its framing in the request body.
const eventSize = (event: OutEvent): number => (event.content?.length ?? 0) + 16;

/**
 * One client WebSocket, carried to the origin as WebSocket-over-HTTP: client
 * frames become events in POSTs (one in flight, the rest batched), and the
 * origin's answers become frames, subscriptions and meta. The client is
 * whatever implements {@link ClientEndpoint}; the origin whatever implements
 * the deps' `OriginExchange`.
 */
export class WsConnection implements EngineSubscriber {
  readonly id = crypto.randomUUID();
  private readonly scope: string;
  private readonly link: OriginLink;
  private readonly outbox: Outbox<OutEvent>;
  private readonly controls: Controls;
  private readonly originKeepAlive: OriginKeepAlive;
  private readonly clientKeepAlive: ClientKeepAlive;
  private readonly delivery: Delivery;
  private readonly flow: FlowControl;
  private detached = false;
  private originGone = false;

  constructor(
    private readonly deps: ConnectionDeps,
    private readonly handshake: ClientHandshake,
  ) {
    this.scope = `ws ${this.id.slice(0, 8)}`;
    const log = (level: Level, message: string) => this.log(level, message);
    this.link = new OriginLink(deps, handshake.path, this.id, handshake.headers, log);
    const { limits } = deps;
    this.outbox = new Outbox((batch) => this.post(batch), {
      maxBatchEvents: limits.batchEvents,
      maxBatchBytes: limits.batchBytes,
      size: eventSize,
      onTaken: () => this.flow.taken(),
      onError: (error) => this.failConnection(`origin request failed: ${describeError(error)}`),
    });
    this.flow = new FlowControl(
      this.outbox,
      limits,
      () => this.delivery.client,
      (message) => this.log('debug', message),
    );
    this.originKeepAlive = new OriginKeepAlive(() =>
      this.guarded(() => {
        if (!this.detached && this.outbox.sendEmpty()) this.log('debug', 'keep-alive request');
      }),
    );
    this.clientKeepAlive = new ClientKeepAlive((type, content) =>
      this.guarded(() => this.delivery.frame(type, content)),
    );
    this.controls = new Controls({
      hub: deps.hub,
      subscriber: this,
      log,
      setMeta: (name, value) => this.link.setMeta(name, value),
      clientKeepAlive: this.clientKeepAlive,
      detach: () => {
        this.detached = true;
        this.originKeepAlive.stop();
      },
    });
    this.delivery = new Delivery({
      log,
      controls: this.controls,
      clientKeepAlive: this.clientKeepAlive,
      onDisconnect: () => {
        this.originGone = true;
        this.shutdown();
      },
      onFault: (reason) => this.failConnection(reason),
    });
  }

  /** The meta the proxy holds for this connection (sent to the origin as `Meta-*`). */
  get meta(): ReadonlyMap<string, string> {
    return this.link.meta;
  }

  /** Channels this connection is subscribed to. */
  get channels(): ReadonlySet<string> {
    return this.controls.channels;
  }

  private log(level: Level, message: string): void {
    this.deps.log({ level, scope: this.scope, message });
  }

  /** Runs a callback from outside (a client event, a timer) so that a fault in it ends this connection only. */
  guarded(run: () => unknown): void {
    guard(this.deps.log, this.scope, run, () =>
      this.failConnection('the connection hit an unexpected fault'),
    );
  }

  /**
   * Sends OPEN and reads the origin's verdict on the handshake. An origin that
   * answers with nothing but a `Keep-Alive-Interval` is asked again after that
   * interval, as Pushpin does, while the client waits for its 101; `clientGone`
   * ends the wait.
   */
  async open(clientGone: AbortSignal): Promise<OpenVerdict> {
    const stop = AbortSignal.any([clientGone, this.deps.closing]);
    for (;;) {
      const result = await this.openOnce();
      if (result.kind !== 'ask-again') return result;
      this.log('info', `origin has no verdict on OPEN yet; asking again in ${result.seconds} s`);
      if (!(await pause(result.seconds * 1000, stop))) {
        return badGateway('The client left while the origin had not answered OPEN yet');
      }
    }
  }

  private async openOnce(): Promise<OpenResult> {
    this.log('info', `OPEN ${this.handshake.path}`);
    let response: OriginAnswer;
    let body: Uint8Array;
    try {
      response = await this.link.send([{ type: 'OPEN' }]);
      body = await this.link.readAnswer(response);
    } catch (error) {
      this.log('error', `origin unreachable for OPEN: ${describeError(error)}`);
      return badGateway(`Error while proxying to origin: ${describeError(error)}`);
    }
    const result = readOpenAnswer(response, body, (level, message) => this.log(level, message));
    // Meta set in a "not yet" answer goes with the next OPEN, as in Pushpin.
    if (result.kind === 'ask-again') this.link.applySetMeta(response);
    if (result.kind === 'accept') {
      this.delivery.grip = result.grip;
      this.delivery.prefix = result.prefix;
      this.applyHeaders(response);
      this.log(
        'info',
        `accepted${this.delivery.grip ? '' : ' (without the grip extension: c:/m: are not interpreted)'}`,
      );
    }
    return result;
  }

  /** The client left before its 101: the origin, which accepted, hears DISCONNECT. */
  abandon(): void {
    this.log('info', 'client left during the handshake → DISCONNECT');
    this.link.send([{ type: 'DISCONNECT' }]).then(
      (response) => response.discard(),
      () => undefined,
    );
  }

  /** Takes over the client once the handshake is done; `events` followed OPEN in the origin's answer. */
  attach(client: ClientEndpoint, events: DecodedWebSocketEvent[]): void {
    this.delivery.client = client;
    this.deps.open.add(this);
    this.delivery.events(events);
    this.originKeepAlive.arm();
  }

  /** A frame from the client. */
  receive(type: ClientEventType, content: Uint8Array): void {
    if (type === 'PING' || type === 'PONG') {
      this.queue({ type, content });
      return;
    }
    if (this.detached) {
      this.log('debug', 'client message dropped: connection is detached from the origin');
      return;
    }
    this.log('info', `client → ${type} ${preview(type === 'BINARY' ? content : fromUtf8(content))}`);
    this.queue({ type, content });
  }

  /** Queues an event for the origin (not once detached). */
  private queue(event: OutEvent): void {
    if (this.detached) return;
    this.outbox.push(event);
    this.flow.queued();
  }

  /** The client's connection ended: 1006 when it went without a close frame, 1005 for a close without a code. */
  clientClosed(code: number, reason: string): void {
    this.cleanup();
    if (this.originGone || this.detached || this.deps.closing.aborted) {
      this.outbox.stop();
      return;
    }
    if (code === 1006) {
      this.log('info', 'client disconnected → DISCONNECT');
      this.outbox.push({ type: 'DISCONNECT' });
    } else {
      this.log('info', `client closed ${code === 1005 ? '(no code)' : `${code} ${JSON.stringify(reason)}`}`);
      let payload: Uint8Array | undefined;
      if (code !== 1005) {
        try {
          payload = encodeClosePayload(code, reason);
        } catch {
          payload = undefined;
        }
      }
      this.outbox.push({ type: 'CLOSE', content: payload });
    }
    // Nothing more goes to the origin once the close is delivered.
    void this.outbox.idle().then(() => this.outbox.stop());
  }

  /** Resolves once no origin request is queued or in flight. */
  idle(): Promise<void> {
    return this.outbox.idle();
  }

  private cleanup(): void {
    this.deps.open.delete(this);
    this.controls.clear();
    this.originKeepAlive.stop();
    this.clientKeepAlive.stop();
  }

  /** Ends the connection at once: no close frame, nothing more to the origin. */
  shutdown(): void {
    this.outbox.stop();
    this.cleanup();
    this.delivery.client?.terminate();
  }

  /** Ends this connection for a fault on the proxy's side: the client gets 1011, the origin hears no more. */
  private failConnection(reason: string): void {
    this.originGone = true;
    this.outbox.stop();
    this.cleanup();
    if (this.delivery.client === undefined) this.log('error', reason);
    else this.delivery.client.fail(reason);
  }

  /** One origin round trip for a batch; false ends the connection's origin traffic. */
  private async post(batch: OutEvent[]): Promise<boolean> {
    this.originKeepAlive.stop();
    let answer: Awaited<ReturnType<OriginLink['exchange']>>;
    try {
      answer = await this.link.exchange(batch);
    } catch (error) {
      // As with Pushpin, an origin that fails ends the client's connection without a close frame.
      this.log('error', `${describeError(error)}; dropping the client connection (it sees 1006)`);
      this.originGone = true;
      this.shutdown();
      return false;
    }
    if (answer === undefined) return false;
    if (!this.delivery.isOpen) return true;
    this.applyHeaders(answer.response);
    const problem = undeliverable(answer.events);
    if (problem !== undefined) {
      this.failConnection(`origin sent ${problem}`);
      return false;
    }
    this.delivery.events(answer.events);
    this.originKeepAlive.arm();
    return true;
  }

  private applyHeaders(response: OriginAnswer): void {
    this.link.applySetMeta(response);
    const interval = joinedHeader(response, 'keep-alive-interval');
    if (interval === undefined) return;
    const ignored = this.originKeepAlive.setInterval(interval);
    if (ignored !== undefined) this.log('warn', ignored);
  }

  deliver(item: EngineItem): boolean {
    return this.delivery.publish(item);
  }
}
