import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import {
  type DecodedWebSocketEvent,
  decodeClosePayload,
  decodeWebSocketEvents,
  encodeClosePayload,
  encodeWebSocketEventsBody,
  WEBSOCKET_EVENTS_CONTENT_TYPE,
} from '@faas-grip/core';
import type { WebSocket } from 'ws';
import type { Subscriber } from '../hub.js';
import { preview } from '../log.js';
import { delay, isConnectFailure, originHeaders, readBody } from '../origin.js';
import type { PublishItem } from '../publish/item.js';
import { type ProxyState, RETRY_DELAYS_MS } from '../state.js';
import { type ControlMessage, parseControlMessage, parseGripExtension } from './control.js';
import { Outbox } from './outbox.js';

type OutEvent = { type: DecodedWebSocketEvent['type']; content?: Uint8Array | undefined };

/** Pushpin raises `Keep-Alive-Interval` values under 20 s to 20 s. */
export const MIN_KEEP_ALIVE_INTERVAL = 20;
/** Pushpin's `connection_subscription_max`. */
export const MAX_SUBSCRIPTIONS = 20;

/** What the origin said to the OPEN event. */
export type OpenResult =
  | {
      kind: 'accept';
      protocol: string | undefined;
      /** Extra header lines for the client's 101. */
      headers: string[];
      /** Events after OPEN in the same answer. */
      events: DecodedWebSocketEvent[];
    }
  | { kind: 'reject'; status: number; statusText: string; headers: string[][]; body: Buffer };

class OriginAnswerError extends Error {}

const CLIENT_HEADERS_NOT_FORWARDED = (name: string): boolean =>
  name === 'accept' ||
  name === 'connection-id' ||
  name.startsWith('meta-') ||
  name === 'sec-websocket-extensions' ||
  name === 'content-type';

// Response headers that are instructions to the proxy, not part of the client's 101.
const NOT_FOR_CLIENT = new Set([
  'content-type',
  'content-length',
  'keep-alive-interval',
  'sec-websocket-extensions',
  'sec-websocket-protocol',
  'sec-websocket-accept',
  'connection',
  'upgrade',
  'transfer-encoding',
  'keep-alive',
  'date',
]);

/**
 * One client WebSocket, carried to the origin as WebSocket-over-HTTP: client
 * frames become events in POSTs (one in flight, the rest batched), and the
 * origin's answers become frames, subscriptions and meta.
 */
export class WsSession implements Subscriber {
  readonly id = randomUUID();
  private readonly scope: string;
  private readonly baseHeaders: Record<string, string | string[]>;
  private readonly meta = new Map<string, string>();
  private readonly channels = new Set<string>();
  private readonly outbox: Outbox<OutEvent>;
  private socket: WebSocket | undefined;
  private grip = false;
  private prefix = 'm:';
  private detached = false;
  private originGone = false;
  private keepAliveInterval: number | undefined;
  private keepAliveTimer: NodeJS.Timeout | undefined;
  private clientKeepAlive: Extract<ControlMessage, { type: 'keep-alive' }> | undefined;
  private clientKeepAliveTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly state: ProxyState,
    private readonly request: IncomingMessage,
  ) {
    this.scope = `ws ${this.id.slice(0, 8)}`;
    this.baseHeaders = originHeaders(request.headers, CLIENT_HEADERS_NOT_FORWARDED);
    this.outbox = new Outbox((batch) => this.post(batch));
  }

  private log(level: 'debug' | 'info' | 'warn' | 'error', message: string): void {
    this.state.log({ level, scope: this.scope, message });
  }

  /** Sends OPEN and reads the origin's verdict on the handshake. */
  async open(): Promise<OpenResult> {
    this.log('info', `OPEN ${this.request.url ?? '/'}`);
    let response: IncomingMessage;
    try {
      response = await this.send([{ type: 'OPEN' }]);
    } catch (error) {
      this.log('error', `origin unreachable for OPEN: ${String(error)}`);
      return {
        kind: 'reject',
        status: 502,
        statusText: 'Bad Gateway',
        headers: [['Content-Type', 'text/plain']],
        body: Buffer.from(`Error while proxying to origin: ${String(error)}\n`),
      };
    }
    const body = await readBody(response);
    const type = response.headers['content-type'];
    if (response.statusCode !== 200 || type !== WEBSOCKET_EVENTS_CONTENT_TYPE) {
      const why =
        response.statusCode !== 200
          ? `answered ${response.statusCode}`
          : `answered Content-Type ${JSON.stringify(type ?? '')}, not exactly ${WEBSOCKET_EVENTS_CONTENT_TYPE}`;
      this.log('warn', `origin refused the WebSocket (${why}); the client gets that HTTP response`);
      const headers: string[][] = [];
      for (let i = 0; i + 1 < response.rawHeaders.length; i += 2) {
        const lower = response.rawHeaders[i]!.toLowerCase();
        if (lower === 'connection' || lower === 'keep-alive' || lower === 'transfer-encoding') continue;
        if (lower === 'content-length') continue;
        headers.push([response.rawHeaders[i]!, response.rawHeaders[i + 1]!]);
      }
      return {
        kind: 'reject',
        status: response.statusCode ?? 502,
        statusText: response.statusMessage ?? '',
        headers,
        body,
      };
    }
    let events: DecodedWebSocketEvent[];
    try {
      events = decodeWebSocketEvents(body);
      if (events[0]?.type !== 'OPEN') {
        throw new OriginAnswerError(
          `the answer to OPEN must start with an OPEN event, got ${events[0]?.type ?? 'an empty body'}`,
        );
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.log('error', `origin answered OPEN badly: ${message}`);
      return {
        kind: 'reject',
        status: 502,
        statusText: 'Bad Gateway',
        headers: [['Content-Type', 'text/plain']],
        body: Buffer.from(`Origin's WebSocket-over-HTTP answer is invalid: ${message}\n`),
      };
    }
    const extension = parseGripExtension(headerValue(response.headers['sec-websocket-extensions']) ?? null);
    this.grip = extension.grip;
    this.prefix = extension.prefix;
    this.applyHeaders(response);
    const extra: string[] = [];
    for (let i = 0; i + 1 < response.rawHeaders.length; i += 2) {
      const name = response.rawHeaders[i]!;
      const lower = name.toLowerCase();
      if (NOT_FOR_CLIENT.has(lower) || lower.startsWith('set-meta-') || lower.startsWith('grip-')) continue;
      extra.push(`${name}: ${response.rawHeaders[i + 1]!}`);
    }
    const protocol = headerValue(response.headers['sec-websocket-protocol']);
    this.log(
      'info',
      `accepted${this.grip ? '' : ' (without the grip extension: c:/m: are not interpreted)'}`,
    );
    return { kind: 'accept', protocol, headers: extra, events: events.slice(1) };
  }

  /** Takes over the client socket once the handshake is done. */
  attach(socket: WebSocket, events: DecodedWebSocketEvent[]): void {
    this.socket = socket;
    this.state.open.add(this);
    socket.on('message', (data, isBinary) => {
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
      this.outbox.push({ type: isBinary ? 'BINARY' : 'TEXT', content: bytes });
    });
    socket.on('ping', (data) => {
      if (!this.detached) this.outbox.push({ type: 'PING', content: data });
    });
    socket.on('pong', (data) => {
      if (!this.detached) this.outbox.push({ type: 'PONG', content: data });
    });
    socket.on('error', (error) => this.log('warn', `client socket error: ${error.message}`));
    socket.on('close', (code, reason) => this.onClientClose(code, reason));
    this.apply(events);
    this.armKeepAlive();
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
    for (const channel of this.channels) this.state.hub.unsubscribe(channel, this);
    this.channels.clear();
    clearTimeout(this.keepAliveTimer);
    clearTimeout(this.clientKeepAliveTimer);
    this.clientKeepAlive = undefined;
  }

  shutdown(): void {
    this.outbox.stop();
    this.cleanup();
    this.socket?.terminate();
  }

  private async send(events: OutEvent[]): Promise<IncomingMessage> {
    const headers: Record<string, string | string[]> = {
      ...this.baseHeaders,
      ...this.state.gripHeaders(),
      'sec-websocket-extensions': 'grip',
      accept: WEBSOCKET_EVENTS_CONTENT_TYPE,
      'connection-id': this.id,
      'content-type': WEBSOCKET_EVENTS_CONTENT_TYPE,
    };
    for (const [name, value] of this.meta) headers[`meta-${name}`] = value;
    const body = events.length === 0 ? Buffer.alloc(0) : Buffer.from(encodeWebSocketEventsBody(events));
    return this.state.origin.request({ method: 'POST', path: this.request.url ?? '/', headers, body });
  }

  /** One origin round trip for a batch; false ends the connection's origin traffic. */
  private async post(batch: OutEvent[]): Promise<boolean> {
    clearTimeout(this.keepAliveTimer);
    let response: IncomingMessage | undefined;
    for (let attempt = 0; response === undefined; attempt++) {
      if (this.state.closing.aborted) return false;
      try {
        response = await this.send(batch);
      } catch (error) {
        const wait = RETRY_DELAYS_MS[attempt];
        if (!isConnectFailure(error) || wait === undefined) {
          return this.fail(`origin request failed: ${String(error)}`);
        }
        this.log('warn', `origin unreachable (${String(error)}); retrying in ${wait / 1000} s`);
        await delay(wait, this.state.closing);
      }
    }
    let events: DecodedWebSocketEvent[];
    try {
      const body = await readBody(response);
      if (response.statusCode !== 200) {
        throw new OriginAnswerError(`origin answered ${response.statusCode}: ${preview(body.toString())}`);
      }
      if (response.headers['content-type'] !== WEBSOCKET_EVENTS_CONTENT_TYPE) {
        throw new OriginAnswerError(
          `origin answered Content-Type ${JSON.stringify(response.headers['content-type'] ?? '')}, not exactly ${WEBSOCKET_EVENTS_CONTENT_TYPE}`,
        );
      }
      events = decodeWebSocketEvents(body);
    } catch (error) {
      return this.fail(error instanceof Error ? error.message : String(error));
    }
    if (this.socket === undefined || this.socket.readyState > 1) return true;
    this.applyHeaders(response);
    this.apply(events);
    this.armKeepAlive();
    return true;
  }

  private fail(message: string): false {
    this.log('error', `${message}; dropping the client connection (it sees 1006)`);
    this.originGone = true;
    this.shutdown();
    return false;
  }

  private applyHeaders(response: IncomingMessage): void {
    for (const [name, value] of Object.entries(response.headers)) {
      if (!name.startsWith('set-meta-')) continue;
      const key = name.slice('set-meta-'.length);
      const text = headerValue(value) ?? '';
      if (text === '') this.meta.delete(key);
      else this.meta.set(key, text);
      this.log('info', text === '' ? `meta ${key} removed` : `meta ${key}=${JSON.stringify(text)}`);
    }
    const interval = headerValue(response.headers['keep-alive-interval']);
    if (interval !== undefined) {
      const seconds = Number(interval);
      if (Number.isFinite(seconds) && seconds > 0) {
        this.keepAliveInterval = Math.max(MIN_KEEP_ALIVE_INTERVAL, seconds);
      } else {
        this.log('warn', `Keep-Alive-Interval ${JSON.stringify(interval)} is not a positive number; ignored`);
      }
    }
  }

  /** Empty requests while the connection is quiet (`Keep-Alive-Interval`). */
  private armKeepAlive(): void {
    clearTimeout(this.keepAliveTimer);
    if (this.keepAliveInterval === undefined || this.outbox.isStopped || this.detached) return;
    this.keepAliveTimer = setTimeout(() => {
      if (this.outbox.sendEmpty()) this.log('debug', 'keep-alive request');
    }, this.keepAliveInterval * 1000);
    this.keepAliveTimer.unref();
  }

  private apply(events: DecodedWebSocketEvent[]): void {
    const socket = this.socket;
    if (socket === undefined) return;
    for (const event of events) {
      const content = Buffer.from(event.content ?? new Uint8Array());
      switch (event.type) {
        case 'TEXT':
        case 'BINARY':
          this.fromOrigin(event.type, content);
          break;
        case 'PING':
          socket.ping(content);
          break;
        case 'PONG':
          socket.pong(content);
          break;
        case 'CLOSE': {
          const { code, reason } = decodeClosePayload(event.content);
          this.log(
            'info',
            `origin closes ${code ?? '(no code)'}${reason ? ` ${JSON.stringify(reason)}` : ''}`,
          );
          this.closeClient(code ?? undefined, reason);
          break;
        }
        case 'DISCONNECT':
          this.log('info', 'origin sent DISCONNECT; dropping the client connection');
          this.originGone = true;
          this.shutdown();
          return;
        case 'OPEN':
          break;
      }
    }
  }

  private closeClient(code: number | undefined, reason: string): void {
    try {
      this.socket?.close(code, reason);
    } catch (error) {
      this.log('warn', `close code ${code} cannot be sent (${String(error)}); closing without a code`);
      this.socket?.close();
    }
  }

  private fromOrigin(type: 'TEXT' | 'BINARY', content: Buffer): void {
    if (!this.grip) {
      this.toClient(type === 'TEXT' ? 'text' : 'binary', content);
      return;
    }
    if (content.subarray(0, 2).toString('latin1') === 'c:') {
      this.control(content.subarray(2).toString('utf8'));
      return;
    }
    const prefix = Buffer.from(this.prefix, 'utf8');
    if (!content.subarray(0, prefix.length).equals(prefix)) {
      this.log(
        'warn',
        `origin ${type} without the ${JSON.stringify(this.prefix)} prefix dropped (as Pushpin drops it): ${preview(content)}`,
      );
      return;
    }
    const message = content.subarray(prefix.length);
    this.log('info', `client ← ${type} ${preview(type === 'TEXT' ? message.toString() : message)}`);
    this.toClient(type === 'TEXT' ? 'text' : 'binary', message);
  }

  private toClient(type: 'text' | 'binary' | 'ping' | 'pong', content: Buffer): void {
    const socket = this.socket;
    if (socket === undefined || socket.readyState !== 1) return;
    if (type === 'ping') socket.ping(content);
    else if (type === 'pong') socket.pong(content);
    else socket.send(content, { binary: type === 'binary' });
    if (this.clientKeepAlive?.mode === 'idle') this.armClientKeepAlive();
  }

  private control(text: string): void {
    let message: ControlMessage;
    try {
      message = parseControlMessage(text);
    } catch (error) {
      this.log('warn', `${error instanceof Error ? error.message : String(error)}; ignored`);
      return;
    }
    switch (message.type) {
      case 'subscribe':
        if (this.channels.has(message.channel)) return;
        if (this.channels.size >= MAX_SUBSCRIPTIONS) {
          this.log(
            'warn',
            `subscribe ${message.channel} refused: at most ${MAX_SUBSCRIPTIONS} channels per connection`,
          );
          return;
        }
        if (message.filters.length > 0) {
          this.log(
            'warn',
            `subscribe filters ${message.filters.join(', ')} are not applied by the dev proxy`,
          );
        }
        this.channels.add(message.channel);
        this.state.hub.subscribe(message.channel, this);
        this.log('info', `subscribed ${message.channel}`);
        return;
      case 'unsubscribe':
        this.channels.delete(message.channel);
        this.state.hub.unsubscribe(message.channel, this);
        this.log('info', `unsubscribed ${message.channel}`);
        return;
      case 'detach':
        this.detached = true;
        clearTimeout(this.keepAliveTimer);
        this.log('info', 'detached: client messages no longer go to the origin');
        return;
      case 'set-meta':
        if (message.value === '') this.meta.delete(message.name.toLowerCase());
        else this.meta.set(message.name.toLowerCase(), message.value);
        this.log('info', `meta ${message.name}=${JSON.stringify(message.value)}`);
        return;
      case 'keep-alive':
        this.clientKeepAlive = message.content === undefined ? undefined : message;
        this.log(
          'info',
          message.content === undefined
            ? 'keep-alive off'
            : `keep-alive ${preview(message.content)} every ${message.timeoutSeconds} s (${message.mode})`,
        );
        this.armClientKeepAlive();
        return;
      case 'unsupported':
        this.log('warn', `control message "${message.name}" is not supported by the dev proxy; ignored`);
        return;
    }
  }

  private armClientKeepAlive(): void {
    clearTimeout(this.clientKeepAliveTimer);
    const keepAlive = this.clientKeepAlive;
    if (keepAlive?.content === undefined) return;
    this.clientKeepAliveTimer = setTimeout(() => {
      this.toClient(keepAlive.messageType, keepAlive.content!);
      if (keepAlive.mode === 'interval') this.armClientKeepAlive();
    }, keepAlive.timeoutSeconds * 1000);
    this.clientKeepAliveTimer.unref();
  }

  deliver(item: PublishItem): boolean {
    const action = item.wsMessage;
    if (action === undefined || this.socket === undefined || this.socket.readyState !== 1) return false;
    if (action.kind === 'close') {
      this.log(
        'info',
        `publish on ${item.channel} closes ${action.code ?? '(no code)'} ${JSON.stringify(action.reason)}`,
      );
      this.closeClient(action.code, action.reason);
    } else {
      this.log(
        'info',
        `client ← publish on ${item.channel} ${action.type.toUpperCase()} ${preview(action.type === 'text' ? action.content.toString() : action.content)}`,
      );
      this.toClient(action.type, action.content);
    }
    return true;
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}
