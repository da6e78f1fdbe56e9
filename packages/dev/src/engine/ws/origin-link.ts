import type { DecodedWebSocketEvent } from '@faas-grip/core';
import {
  decodeWebSocketEvents,
  encodeWebSocketEventsBody,
  WEBSOCKET_EVENTS_CONTENT_TYPE,
} from '@faas-grip/core/protocol';
import { describeError } from '../guard.js';
import { preview } from '../log.js';
import { firstHeader, type OriginAnswer, type OriginExchange } from '../origin.js';
import { delay, RETRY_DELAYS_MS } from '../timers.js';

export type OutEvent = { type: DecodedWebSocketEvent['type']; content?: Uint8Array | undefined };

/** The origin's answer could not be used; the connection ends. */
export class OriginAnswerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OriginAnswerError';
  }
}

type Log = (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void;

export interface OriginLinkDeps {
  origin: OriginExchange;
  /** Aborted when the proxy shuts down: no more requests, no retries. */
  closing: AbortSignal;
  /** `Grip-Sig` (when signing) and `Grip-Feature` for one origin request. */
  gripHeaders(): Record<string, string> | Promise<Record<string, string>>;
  limits: { originAnswerBytes: number };
}

const EMPTY = new Uint8Array();

/**
 * One connection's WebSocket-over-HTTP requests: the client's headers (less
 * what the proxy owns, which the caller removed), `Connection-Id`, `Meta-*`,
 * a fresh `Grip-Sig`, and the events as the body; retried while the origin
 * restarts.
 */
export class OriginLink {
  /** Meta the origin set (`Set-Meta-*`, `c:set-meta`), sent back as `Meta-*`. */
  readonly meta = new Map<string, string>();

  constructor(
    private readonly deps: OriginLinkDeps,
    private readonly path: string,
    private readonly connectionId: string,
    /** The client's headers for the origin, lower-case names. */
    private readonly baseHeaders: Record<string, string | string[]>,
    private readonly log: Log,
  ) {}

  /** One request, no retry (the OPEN: a client waits for its handshake). */
  async send(events: OutEvent[]): Promise<OriginAnswer> {
    const headers: Record<string, string | string[]> = {
      ...this.baseHeaders,
      ...(await this.deps.gripHeaders()),
      'sec-websocket-extensions': 'grip',
      accept: WEBSOCKET_EVENTS_CONTENT_TYPE,
      'connection-id': this.connectionId,
      'content-type': WEBSOCKET_EVENTS_CONTENT_TYPE,
    };
    for (const [name, value] of this.meta) headers[`meta-${name}`] = value;
    const body = events.length === 0 ? EMPTY : encodeWebSocketEventsBody(events);
    return this.deps.origin.send({ method: 'POST', path: this.path, headers, body });
  }

  /** A whole answer body, up to the proxy's limit; a larger one ends the answer. */
  async readAnswer(response: OriginAnswer): Promise<Uint8Array> {
    try {
      return await response.read(this.deps.limits.originAnswerBytes);
    } catch (error) {
      response.discard();
      throw new OriginAnswerError(`origin answer could not be read: ${describeError(error)}`);
    }
  }

  /**
   * Sends a batch, retrying with Pushpin's backoff while the origin refuses
   * connections, and returns its events. Undefined means the proxy is closing.
   */
  async exchange(
    events: OutEvent[],
  ): Promise<{ response: OriginAnswer; events: DecodedWebSocketEvent[] } | undefined> {
    let response: OriginAnswer | undefined;
    for (let attempt = 0; response === undefined; attempt++) {
      if (this.deps.closing.aborted) return undefined;
      try {
        response = await this.send(events);
      } catch (error) {
        const wait = RETRY_DELAYS_MS[attempt];
        if (!this.deps.origin.retryable(error) || wait === undefined) {
          throw new OriginAnswerError(`origin request failed: ${describeError(error)}`);
        }
        this.log('warn', `origin unreachable (${describeError(error)}); retrying in ${wait / 1000} s`);
        await delay(wait, this.deps.closing);
      }
    }
    const body = await this.readAnswer(response);
    if (response.status !== 200) {
      throw new OriginAnswerError(
        `origin answered ${response.status}: ${preview(new TextDecoder().decode(body))}`,
      );
    }
    const type = firstHeader(response, 'content-type');
    if (type !== WEBSOCKET_EVENTS_CONTENT_TYPE) {
      throw new OriginAnswerError(
        `origin answered Content-Type ${JSON.stringify(type ?? '')}, not exactly ${WEBSOCKET_EVENTS_CONTENT_TYPE}`,
      );
    }
    try {
      return { response, events: decodeWebSocketEvents(body) };
    } catch (error) {
      throw new OriginAnswerError(`origin answer is not valid WebSocket events: ${describeError(error)}`);
    }
  }

  /** Takes `Set-Meta-*` headers: an empty value removes the entry. */
  applySetMeta(response: OriginAnswer): void {
    const seen = new Map<string, string>();
    for (const [name, value] of response.rawHeaders) {
      const lower = name.toLowerCase();
      if (!lower.startsWith('set-meta-')) continue;
      const key = lower.slice('set-meta-'.length);
      const before = seen.get(key);
      seen.set(key, before === undefined ? value : `${before}, ${value}`);
    }
    for (const [key, text] of seen) this.setMeta(key, text);
  }

  setMeta(name: string, value: string): void {
    const key = name.toLowerCase();
    if (value === '') this.meta.delete(key);
    else this.meta.set(key, value);
    this.log('info', value === '' ? `meta ${key} removed` : `meta ${key}=${JSON.stringify(value)}`);
  }
}
