import type { GripContext } from '../handler.js';
import { gripChannelHeader } from '../http/channel.js';
import { shown } from '../http/header-syntax.js';
import { gripKeepAliveHeader, type HoldKeepAlive } from '../http/keep-alive.js';
import type { EventLog, LoggedEvent, ServerSentEvent } from './event-log.js';
import { holdEventStream } from './hold-answer.js';
import { closeStreams, type PublishTarget, publishEvent } from './publish-event.js';

export interface EventStreamOptions {
  /** The history behind replay and gap recovery (required). */
  log: EventLog;
  /** Keep-alive comment interval in seconds while idle (default 20; 0 or false disables). */
  keepAlive?: number | false;
  /**
   * Most events one answer replays (default 1000, at most 10000); a client further behind gets the reset event alone,
   * with the newest id.
   */
  replayLimit?: number;
  /**
   * Most bytes of events one answer replays (default 1 MiB, 1 KiB to 64 MiB): the answer stops at the last whole event
   * within it (sending at least one), its prev-id is that event's id, and the proxy asks for the rest through the
   * next link. Keep it under the platform's response limit (6 MB on AWS Lambda).
   */
  replayBytes?: number;
  /** Headers added to the client's response (e.g. CORS): anything `new Headers()` takes. */
  headers?: ConstructorParameters<typeof Headers>[0];
}

export interface EventStream {
  readonly name: string;
  readonly log: EventLog;
  /** Answers a GET for the stream: the events the client missed, then held open for live ones. */
  hold<Env>(request: Request, ctx: GripContext<Env>): Promise<Response>;
  /** Appends the event to the log and publishes it with its id and the previous one's. */
  publish(target: PublishTarget, event: ServerSentEvent): Promise<LoggedEvent>;
  /**
   * Ends every held stream of this channel (an `http-stream` close action after the newest event, read from the
   * log); browsers reconnect with Last-Event-ID.
   */
  close(target: PublishTarget): Promise<void>;
}

// A log is asked for one more event than an answer replays; ten thousand is
// also the most the Redis log reads at once.
const MAX_REPLAY_LIMIT = 10_000;
const MAX_REPLAY_BYTES = 64 * 1024 * 1024;

function wholeNumber(option: string, value: unknown, min: number, max: number): number {
  if (!(Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= max)) {
    throw new RangeError(
      `eventStream ${option} must be a whole number from ${min} to ${max}, got ${shown(value)}`,
    );
  }
  return value as number;
}

function keepAliveFrom(option: number | false | undefined): HoldKeepAlive | undefined {
  if (option === false || option === 0) return undefined;
  // An SSE comment line and a blank line: the browser ignores it, the connection stays warm.
  const keepAlive: HoldKeepAlive = { data: ':\n\n', timeout: option ?? 20 };
  gripKeepAliveHeader(keepAlive);
  return keepAlive;
}

/**
 * A Server-Sent Events stream on the GRIP channel `name`: `hold` answers an
 * `EventSource`, replaying what it missed from `options.log`; `publish`
 * appends to the log and publishes. Options are checked here, so a mistake
 * throws where the stream is made, not at the first request.
 */
export function eventStream(name: string, options: EventStreamOptions): EventStream {
  gripChannelHeader(name);
  const log = options?.log;
  if (typeof log?.append !== 'function' || typeof log.read !== 'function') {
    throw new TypeError('eventStream needs options.log, an EventLog (for example memoryEventLog())');
  }
  const replayLimit = wholeNumber('replayLimit', options.replayLimit ?? 1000, 1, MAX_REPLAY_LIMIT);
  const replayBytes = wholeNumber('replayBytes', options.replayBytes ?? 1024 * 1024, 1024, MAX_REPLAY_BYTES);
  const headers = new Headers(options.headers);
  headers.set('Content-Type', 'text/event-stream');
  if (!headers.has('cache-control')) headers.set('Cache-Control', 'no-cache');
  const replayLimits = { events: replayLimit, bytes: replayBytes };
  const settings = { name, log, replayLimits, keepAlive: keepAliveFrom(options.keepAlive), headers };
  return {
    name,
    log,
    hold: (request, ctx) => holdEventStream(settings, request, ctx),
    publish: (target, event) => publishEvent(log, name, target, event),
    close: (target) => closeStreams(log, name, target),
  };
}
