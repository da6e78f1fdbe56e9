import { textResponse } from './adapter/response-registry.js';

/**
 * An error that maps to an HTTP status. Adapters answer with `status` and
 * `message` instead of a generic 500, because the message is meant for the
 * caller (a proxy or a client that sent something malformed).
 */
export class GripError extends Error {
  readonly status: number;

  constructor(status: number, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'GripError';
    this.status = status;
  }

  /**
   * The response for this error: the message for client errors, a bare status
   * for server errors. Frameworks that look for `getResponse` (Hono) use it.
   */
  getResponse(): Response {
    const text = this.status < 500 ? this.message : `Request failed with status ${this.status}`;
    return textResponse(`${text}\n`, this.status);
  }
}

/** A WebSocket-over-HTTP request that cannot be understood: always a 400. */
export class WebSocketEventsError extends GripError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(400, message, options);
    this.name = 'WebSocketEventsError';
  }
}

/**
 * Configuration that cannot be used (a bad `GRIP_URL`, a missing key). The
 * message names the setting and what is wrong with it; it never holds a key,
 * a token or a URL's user name or password, so it is safe to log.
 */
export class GripConfigError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'GripConfigError';
  }
}

/** What went wrong on one proxy during a publish. */
export interface PublishFailure {
  /** The proxy's publish URL, without credentials or query string (they may hold secrets). */
  readonly url: string;
  /** The proxy's last HTTP status, or 0 when no answer arrived (network failure or timeout). */
  readonly status: number;
  /** The proxy's last answer. */
  readonly body: string;
  /** Whether the publish timeout ended the attempts. */
  readonly timedOut: boolean;
  /** Requests made to this proxy, retries included. */
  readonly attempts: number;
  readonly message: string;
}

/**
 * A publish that did not succeed on every proxy. `failures` lists each proxy
 * that failed (the others delivered); `status`, `body`, `url`, `timedOut` and
 * `attempts` are those of the first failure, so the common one-proxy case
 * reads directly. `status` is 0 when no answer arrived (network failure or
 * timeout); `body` is the proxy's answer, so the cause can be read without a
 * debugger. No field holds a key, token or password.
 */
export class PublishError extends Error {
  readonly status: number;
  readonly body: string;
  readonly url: string;
  readonly timedOut: boolean;
  readonly attempts: number;
  readonly failures: readonly PublishFailure[];

  constructor(
    message: string,
    details: {
      status: number;
      body: string;
      url: string;
      timedOut?: boolean;
      attempts?: number;
      failures?: readonly PublishFailure[];
      cause?: unknown;
    },
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'PublishError';
    this.status = details.status;
    this.body = details.body;
    this.url = details.url;
    this.timedOut = details.timedOut ?? false;
    this.attempts = details.attempts ?? 1;
    this.failures = details.failures ?? [
      {
        url: this.url,
        status: this.status,
        body: this.body,
        timedOut: this.timedOut,
        attempts: this.attempts,
        message,
      },
    ];
  }
}

/**
 * An event stream that could not do all it should, reported to `onError`
 * (as failed `waitUntil` work) and never to the client: its log could not be
 * read (the store's error is the `cause`; the client got a 503), or logged
 * events could not be encoded and were left out of a replay.
 */
export class EventStreamError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EventStreamError';
  }
}
