import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { type DecodedWebSocketEvent, encodeClosePayload } from '@faas-grip/core';
import type { RawData, WebSocket } from 'ws';
import { describeError, guard } from '../guard.js';
import type { Subscriber } from '../hub.js';
import { preview } from '../log.js';
import type { PublishItem } from '../publish/item.js';
import type { ProxyState } from '../state.js';
import { ClientLink } from './client-link.js';
import { Controls } from './controls.js';
import { Delivery } from './delivery.js';
import { undeliverable } from './events.js';
import { badGateway, headerValue, type OpenResult, type OpenVerdict, readOpenAnswer } from './handshake.js';
import { ClientKeepAlive, OriginKeepAlive } from './keep-alive.js';
import { Outbox } from './outbox.js';
import { OriginTransport, type OutEvent } from './transport.js';

type Level = 'debug' | 'info' | 'warn' | 'error';

// What a queued event weighs: its content plus its framing in the request body.
const eventSize = (event: OutEvent): number => (event.content?.length ?? 0) + 16;

/** Waits `ms`; false when `stop` aborted first. Leaves no timer behind. */
function pause(ms: number, stop: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (stop.aborted) {
      resolve(false);
      return;
    }
    const done = (waited: boolean): void => {
      clearTimeout(timer);
      stop.removeEventListener('abort', onAbort);
      resolve(waited);
    };
    const onAbort = (): void => done(false);
    const timer = setTimeout(() => done(true), ms);
    stop.addEventListener('abort', onAbort);
  });
}

/**
 * One client WebSocket, carried to the origin as WebSocket-over-HTTP: client
 * frames become events in POSTs (one in flight, the rest batched), and the
 * origin's answers become frames, subscriptions and meta.
 */
export class WsSession implements Subscriber {
  readonly id = randomUUID();
  private readonly scope: string;
  private readonly transport: OriginTransport;
  private readonly outbox: Outbox<OutEvent>;
  private readonly controls: Controls;
  private readonly originKeepAlive: OriginKeepAlive;
  private readonly clientKeepAlive: ClientKeepAlive;
  private readonly delivery: Delivery;
  private detached = false;
  private originGone = false;
  private readingPaused = false;

  constructor(
    private readonly state: ProxyState,
    private readonly request: IncomingMessage,
  ) {
    this.scope = `ws ${this.id.slice(0, 8)}`;
    const log = (level: Level, message: string) => this.log(level, message);
    this.transport = new OriginTransport(state, request.url ?? '/', this.id, request, log);
    const { limits } = state;
    this.outbox = new Outbox((batch) => this.post(batch), {
      maxBatchEvents: limits.batchEvents,
      maxBatchBytes: limits.batchBytes,
      size: eventSize,
      onTaken: () => this.resumeIfDrained(),
      onError: (error) => this.failConnection(`origin request failed: ${describeError(error)}`),
    });
    this.originKeepAlive = new OriginKeepAlive(() =>
      this.guarded(() => {
        if (!this.detached && this.outbox.sendEmpty()) this.log('debug', 'keep-alive request');
      }),
    );
    this.clientKeepAlive = new ClientKeepAlive((type, content) =>
      this.guarded(() => this.delivery.frame(type, content)),
    );
    this.controls = new Controls({
      hub: state.hub,
      subscriber: this,
      log,
      setMeta: (name, value) => this.transport.setMeta(name, value),
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

  private log(level: Level, message: string): void {
    this.state.log({ level, scope: this.scope, message });
  }

  /** Runs a callback from Node so that a fault in it ends this connection only. */
  private guarded(run: () => unknown): void {
    guard(this.state.log, this.scope, run, () =>
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
    const stop = AbortSignal.any([clientGone, this.state.closing]);
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
    this.log('info', `OPEN ${this.request.url ?? '/'}`);
    let response: IncomingMessage;
    let body: Buffer;
    try {
      response = await this.transport.send([{ type: 'OPEN' }]);
      body = await this.transport.readAnswer(response);
    } catch (error) {
      this.log('error', `origin unreachable for OPEN: ${describeError(error)}`);
      return badGateway(`Error while proxying to origin: ${describeError(error)}`);
    }
    const result = readOpenAnswer(response, body, (level, message) => this.log(level, message));
    // Meta set in a "not yet" answer goes with the next OPEN, as in Pushpin.
    if (result.kind === 'ask-again') this.transport.applySetMeta(response);
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
    this.transport.send([{ type: 'DISCONNECT' }]).then(
      (response) => response.resume(),
      () => undefined,
    );
  }

  /** Takes over the client socket once the handshake is done. */
  attach(socket: WebSocket, events: DecodedWebSocketEvent[]): void {
    this.delivery.client = new ClientLink(socket, this.state.limits.clientBacklogBytes, (level, message) =>
      this.log(level, message),
    );
    this.state.open.add(this);
    socket.on('message', (data, isBinary) => this.guarded(() => this.fromClient(data, isBinary)));
    socket.on('ping', (data) => this.guarded(() => this.queue({ type: 'PING', content: data })));
    socket.on('pong', (data) => this.guarded(() => this.queue({ type: 'PONG', content: data })));
    socket.on('error', (error) => this.log('warn', `client socket error: ${error.message}`));
    socket.on('close', (code, reason) => this.guarded(() => this.onClientClose(code, reason)));
    this.delivery.events(events);
    this.originKeepAlive.arm();
  }

  private fromClient(data: RawData, isBinary: boolean): void {
    const bytes = Buffer.isBuffer(data)
      ? data
      : Buffer.concat(Array.isArray(data) ? data : [Buffer.from(data)]);
    if (this.detached) {
      this.log('debug', 'client message dropped: connection is detached from the origin');
      return;
    }
    this.log(
      'info',
      `client → ${isBinary ? 'BINARY' : 'TEXT'} ${preview(isBinary ? bytes : bytes.toString())}`,
    );
    this.queue({ type: isBinary ? 'BINARY' : 'TEXT', content: bytes });
  }

  /**
   * Queues an event for the origin. While the origin is behind by more than
   * the limits allow, the client is not read (TCP holds its frames back), so
   * nothing is dropped and memory stays bounded.
   */
  private queue(event: OutEvent): void {
    if (this.detached) return;
    this.outbox.push(event);
    const { clientQueueEvents, clientQueueBytes } = this.state.limits;
    if (
      !this.readingPaused &&
      (this.outbox.queued >= clientQueueEvents || this.outbox.queuedBytes >= clientQueueBytes)
    ) {
      this.readingPaused = true;
      this.log('debug', `origin is ${this.outbox.queued} events behind; reading from the client paused`);
      this.delivery.client?.pause();
    }
  }

  private resumeIfDrained(): void {
    const { clientQueueEvents, clientQueueBytes } = this.state.limits;
    if (
      this.readingPaused &&
      this.outbox.queued <= clientQueueEvents / 2 &&
      this.outbox.queuedBytes <= clientQueueBytes / 2
    ) {
      this.readingPaused = false;
      this.log('debug', 'reading from the client resumed');
      this.delivery.client?.resume();
    }
  }

  private onClientClose(code: number, reason: Buffer): void {
    this.cleanup();
    if (this.originGone || this.detached || this.state.closing.aborted) {
      this.outbox.stop();
      return;
    }
    if (code === 1006) {
      this.log('info', 'client disconnected → DISCONNECT');
      this.outbox.push({ type: 'DISCONNECT' });
    } else {
      this.log(
        'info',
        `client closed ${code === 1005 ? '(no code)' : `${code} ${JSON.stringify(reason.toString())}`}`,
      );
      let payload: Uint8Array | undefined;
      if (code !== 1005) {
        try {
          payload = encodeClosePayload(code, reason.toString());
        } catch {
          payload = undefined;
        }
      }
      this.outbox.push({ type: 'CLOSE', content: payload });
    }
    // Nothing more goes to the origin once the close is delivered.
    void this.outbox.idle().then(() => this.outbox.stop());
  }

  private cleanup(): void {
    this.state.open.delete(this);
    this.controls.clear();
    this.originKeepAlive.stop();
    this.clientKeepAlive.stop();
  }

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
    let answer: Awaited<ReturnType<OriginTransport['exchange']>>;
    try {
      answer = await this.transport.exchange(batch);
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

  private applyHeaders(response: IncomingMessage): void {
    this.transport.applySetMeta(response);
    const interval = headerValue(response.headers['keep-alive-interval']);
    if (interval === undefined) return;
    const ignored = this.originKeepAlive.setInterval(interval);
    if (ignored !== undefined) this.log('warn', ignored);
  }

  deliver(item: PublishItem): boolean {
    return this.delivery.publish(item);
  }
}
