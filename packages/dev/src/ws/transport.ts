import type { IncomingMessage } from 'node:http';
import {
  type DecodedWebSocketEvent,
  decodeWebSocketEvents,
  encodeWebSocketEventsBody,
  WEBSOCKET_EVENTS_CONTENT_TYPE,
} from '@faas-grip/core';
import { readBody } from '../body.js';
import { describeError } from '../guard.js';
import { originHeaders } from '../headers.js';
import { preview } from '../log.js';
import { isConnectFailure } from '../origin.js';
import { delay, type ProxyState, RETRY_DELAYS_MS } from '../state.js';

export type OutEvent = { type: DecodedWebSocketEvent['type']; content?: Uint8Array | undefined };

/** The origin's answer could not be used; the connection ends. */
export class OriginAnswerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OriginAnswerError';
  }
}

// The client's own versions of these are replaced by the proxy's.
const CLIENT_HEADERS_NOT_FORWARDED = (name: string): boolean =>
  name === 'accept' || name === 'sec-websocket-extensions' || name === 'content-type';

type Log = (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void;

/**
 * One connection's WebSocket-over-HTTP requests: the client's headers (less
 * what the proxy owns), `Connection-Id`, `Meta-*`, a fresh `Grip-Sig`, and
 * the events as the body; retried while the origin restarts.
 */
export class OriginTransport {
  /** Meta the origin set (`Set-Meta-*`, `c:set-meta`), sent back as `Meta-*`. */
  readonly meta = new Map<string, string>();
  private readonly baseHeaders: Record<string, string | string[]>;

  constructor(
    private readonly state: ProxyState,
    private readonly path: string,
    private readonly connectionId: string,
    request: IncomingMessage,
    private readonly log: Log,
  ) {
    this.baseHeaders = originHeaders(request.headers, CLIENT_HEADERS_NOT_FORWARDED);
  }

  /** One request, no retry (the OPEN: a client waits for its handshake). */
  send(events: OutEvent[]): Promise<IncomingMessage> {
    const headers: Record<string, string | string[]> = {
      ...this.baseHeaders,
      ...this.state.gripHeaders(),
      'sec-websocket-extensions': 'grip',
      accept: WEBSOCKET_EVENTS_CONTENT_TYPE,
      'connection-id': this.connectionId,
      'content-type': WEBSOCKET_EVENTS_CONTENT_TYPE,
    };
    for (const [name, value] of this.meta) headers[`meta-${name}`] = value;
    const body = events.length === 0 ? Buffer.alloc(0) : Buffer.from(encodeWebSocketEventsBody(events));
    return this.state.origin.request({ method: 'POST', path: this.path, headers, body });
  }

  /** A whole answer body, up to the proxy's limit; a larger one ends the answer. */
  async readAnswer(response: IncomingMessage): Promise<Buffer> {
    try {
      return await readBody(response, this.state.limits.originAnswerBytes);
    } catch (error) {
      response.destroy();
      throw new OriginAnswerError(`origin answer could not be read: ${describeError(error)}`);
    }
  }

  /**
   * Sends a batch, retrying with Pushpin's backoff while the origin refuses
   * connections, and returns its events. Undefined means the proxy is closing.
   */
  async exchange(
    events: OutEvent[],
  ): Promise<{ response: IncomingMessage; events: DecodedWebSocketEvent[] } | undefined> {
    let response: IncomingMessage | undefined;
    for (let attempt = 0; response === undefined; attempt++) {
      if (this.state.closing.aborted) return undefined;
      try {
        response = await this.send(events);
      } catch (error) {
        const wait = RETRY_DELAYS_MS[attempt];
        if (!isConnectFailure(error) || wait === undefined) {
          throw new OriginAnswerError(`origin request failed: ${describeError(error)}`);
        }
        this.log('warn', `origin unreachable (${describeError(error)}); retrying in ${wait / 1000} s`);
        await delay(wait, this.state.closing);
      }
    }
    const body = await this.readAnswer(response);
    if (response.statusCode !== 200) {
      throw new OriginAnswerError(`origin answered ${response.statusCode}: ${preview(body.toString())}`);
    }
    if (response.headers['content-type'] !== WEBSOCKET_EVENTS_CONTENT_TYPE) {
      throw new OriginAnswerError(
        `origin answered Content-Type ${JSON.stringify(response.headers['content-type'] ?? '')}, not exactly ${WEBSOCKET_EVENTS_CONTENT_TYPE}`,
      );
    }
    try {
      return { response, events: decodeWebSocketEvents(body) };
    } catch (error) {
      throw new OriginAnswerError(`origin answer is not valid WebSocket events: ${describeError(error)}`);
    }
  }

  /** Takes `Set-Meta-*` headers: an empty value removes the entry. */
  applySetMeta(response: IncomingMessage): void {
    for (const [name, value] of Object.entries(response.headers)) {
      if (!name.startsWith('set-meta-')) continue;
      const key = name.slice('set-meta-'.length);
      const text = Array.isArray(value) ? value.join(', ') : (value ?? '');
      this.setMeta(key, text);
    }
  }

  setMeta(name: string, value: string): void {
    const key = name.toLowerCase();
    if (value === '') this.meta.delete(key);
    else this.meta.set(key, value);
    this.log('info', value === '' ? `meta ${key} removed` : `meta ${key}=${JSON.stringify(value)}`);
  }
}
