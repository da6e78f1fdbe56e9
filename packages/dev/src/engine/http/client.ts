import type { Hub } from '../hub.js';
import type { ProxyLimits } from '../limits.js';
import type { DevLog } from '../log.js';
import type { OriginAnswer, OriginExchange } from '../origin.js';

/** The status line and headers of an answer to the client, headers in their own case and order. */
export interface ResponseHead {
  /** The status code. */
  status: number;
  /** The reason phrase; empty for the standard one. */
  statusText: string;
  /** Name/value pairs; a name may repeat. */
  headers: Array<[string, string]>;
}

/**
 * The client's side of one plain HTTP request, as the transport carries it:
 * node:http for the dev proxy, objects for the testing kit. The engine
 * answers through it once, in one of three ways, and may then write to a
 * stream it started.
 */
export interface HttpClient {
  /** A whole answer: from the proxy itself, a long-poll's, or a held response's. */
  respond(head: ResponseHead, body: Uint8Array): void;
  /** The origin's own answer, passed on as it comes: the client reads its body (or gives it up). */
  passOn(head: ResponseHead, answer: OriginAnswer): void;
  /** A held stream begins: the head goes out now, its body is written as it comes. */
  startStream(head: ResponseHead): void;
  /**
   * The request is held: a long-poll, answered later through `respond`, or a
   * stream whose head went out through `startStream`. Tells the client the
   * channels it listens on (none yet for a paged answer).
   */
  held?(mode: 'long-poll' | 'stream', channels: readonly string[]): void;
  /** More of a started stream. */
  write(data: Uint8Array): void;
  /** Ends a started stream cleanly. */
  end(): void;
  /** Drops the connection without a clean end (an answer that cannot be finished). */
  abort(): void;
  /** True once an answer has begun: the proxy can no longer answer with an error of its own. */
  readonly started: boolean;
  /** True once the client is gone or the answer is over. */
  readonly closed: boolean;
  /** Bytes written that the client has not taken yet; a client that lets too many pile up is dropped. */
  readonly backlog: number;
  /** Called once when the client leaves or the answer ends (either way, nothing more will be written). */
  onClose(listener: () => void): void;
}

/** A plain HTTP request from a client, its body read already. */
export interface ClientRequest {
  /** The request method, as the client sent it. */
  method: string;
  /** Path and query. */
  path: string;
  /** The client's headers, lower-case names; the engine keeps what a proxy passes on. */
  headers: Record<string, string | string[] | undefined>;
  /** The `Host` the client reached; links are resolved against it. */
  host: string | undefined;
  /** The whole body (the transport bounds it; the engine refuses one over `limits.requestBodyBytes`). */
  body: Uint8Array;
}

/** What the engine's HTTP holds need of the proxy around them. */
export interface HttpDeps {
  /** Where requests go. */
  origin: OriginExchange;
  /** Channels the holds subscribe to, and what was last published on them. */
  hub: Hub;
  /** Told what happens to each request. */
  log: DevLog;
  /** Bounds on bodies, held items, backlogs and links. */
  limits: ProxyLimits;
  /** Aborted when the proxy shuts down: no more origin requests. */
  closing: AbortSignal;
  /** Holds in place, ended on shutdown. */
  open: Set<{ shutdown(): void }>;
  /** `Grip-Sig` (when signing) and `Grip-Feature` for one origin request. */
  gripHeaders(): Record<string, string> | Promise<Record<string, string>>;
}

const encoder = new TextEncoder();

/** A plain-text answer from the proxy itself, or a dropped connection once an answer has begun. */
export function answerPlain(
  client: HttpClient,
  status: number,
  message: string,
  extra: Array<[string, string]> = [],
): void {
  if (client.closed) return;
  if (client.started) {
    client.abort();
    return;
  }
  client.respond(
    { status, statusText: '', headers: [['Content-Type', 'text/plain'], ...extra] },
    encoder.encode(`${message}\n`),
  );
}
