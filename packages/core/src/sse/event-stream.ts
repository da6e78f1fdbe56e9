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
  /** Most events one answer replays (default 1000); a client further behind gets the newest ones after a reset event. */
  replayLimit?: number;
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
  const replayLimit = options.replayLimit ?? 1000;
  if (!(Number.isSafeInteger(replayLimit) && replayLimit >= 1)) {
    throw new RangeError(
      `eventStream replayLimit must be a whole number of at least 1, got ${shown(replayLimit)}`,
    );
  }
  const headers = new Headers(options.headers);
  headers.set('Content-Type', 'text/event-stream');
  if (!headers.has('cache-control')) headers.set('Cache-Control', 'no-cache');
  const settings = { name, log, replayLimit, keepAlive: keepAliveFrom(options.keepAlive), headers };
  return {
    name,
    log,
    hold: (request, ctx) => holdEventStream(settings, request, ctx),
    publish: (target, event) => publishEvent(log, name, target, event),
    close: (target) => closeStreams(log, name, target),
  };
}
