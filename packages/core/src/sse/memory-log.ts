import { shown } from '../http/header-syntax.js';
import { checkServerSentEvent } from './encode.js';
import type { AppendedEvent, EventLog, EventLogRead, LoggedEvent, ServerSentEvent } from './event-log.js';

export interface MemoryEventLogOptions {
  /** Events kept per stream (default 1000); older ones are dropped, and a client behind them gets a reset. */
  maxEvents?: number;
}

interface StreamHistory {
  /** Retained events, oldest first, from `start` on (entries before `start` are dropped ones awaiting compaction). */
  events: LoggedEvent[];
  start: number;
  /** Sequence number of the newest event (0: none yet). */
  newest: number;
}

// Random per log object, so that an id from another process, an earlier run
// or another log is unknown here (a reset, never a wrong replay) and the
// proxy's id cache never sees an id twice.
function instanceName(): string {
  const words = crypto.getRandomValues(new Uint32Array(3));
  return Array.from(words, (word) => word.toString(36).padStart(7, '0')).join('');
}

function checkCount(what: string, value: unknown): number {
  if (!(Number.isSafeInteger(value) && (value as number) >= 1)) {
    throw new RangeError(`${what} must be a whole number of at least 1, got ${shown(value)}`);
  }
  return value as number;
}

/**
 * An {@link EventLog} in this process's memory: ids `<instance>-<n>` with n
 * from 1, start id `<instance>-0`, the last `maxEvents` events of each stream. It is lost with the process and not
 * shared between processes (each Lambda instance, Worker isolate or server
 * has its own); use a shared store (Redis, a Durable Object) across them.
 */
export function memoryEventLog(options: MemoryEventLogOptions = {}): EventLog {
  const maxEvents = checkCount('memoryEventLog maxEvents', options.maxEvents ?? 1000);
  // Drawn on first use: a Worker may not draw random values while its module
  // loads, which is where a log is usually made.
  let prefix: string | undefined;
  const streams = new Map<string, StreamHistory>();

  // The sequence number an id of this log names (0: the start id), or undefined for any other string.
  const sequenceOf = (prefix: string, id: string): number | undefined => {
    if (!id.startsWith(prefix)) return undefined;
    const digits = id.slice(prefix.length);
    if (!/^(?:0|[1-9][0-9]{0,15})$/.test(digits)) return undefined;
    const n = Number(digits);
    return Number.isSafeInteger(n) ? n : undefined;
  };

  return {
    async append(stream: string, event: ServerSentEvent): Promise<AppendedEvent> {
      // The log is reachable as `EventStream.log`: an event no browser could read is refused here, not replayed.
      checkServerSentEvent(event);
      prefix ??= `${instanceName()}-`;
      let history = streams.get(stream);
      if (history === undefined) {
        history = { events: [], start: 0, newest: 0 };
        streams.set(stream, history);
      }
      const prevId = `${prefix}${history.newest}`;
      history.newest += 1;
      const id = `${prefix}${history.newest}`;
      // A copy of the fields an event has, so that the caller changing its object later changes no history.
      const logged: LoggedEvent = { data: event.data, id };
      if (event.event !== undefined) logged.event = event.event;
      if (event.retry !== undefined) logged.retry = event.retry;
      history.events.push(Object.freeze(logged));
      if (history.events.length - history.start > maxEvents) history.start += 1;
      // Dropped entries are removed in one go once they are half the array: appends stay O(1) on average.
      if (history.start > maxEvents) {
        history.events.splice(0, history.start);
        history.start = 0;
      }
      return { id, prevId };
    },

    async read(stream: string, afterId: string | undefined, limit?: number): Promise<EventLogRead> {
      const count = limit === undefined ? maxEvents : checkCount('EventLog read limit', limit);
      prefix ??= `${instanceName()}-`;
      const history = streams.get(stream);
      const newest = history?.newest ?? 0;
      const lastId = `${prefix}${newest}`;
      if (afterId === undefined) return { status: 'ok', events: [], lastId };
      const after = sequenceOf(prefix, afterId);
      const retained = history === undefined ? 0 : history.events.length - history.start;
      const oldest = newest - retained + 1;
      // Unknown, never given out, or older than the oldest retained event's predecessor: nothing to replay from.
      // The start id (0) is the first event's predecessor: it replays everything until the first is dropped.
      if (after === undefined || after > newest || after < oldest - 1) return { status: 'too-old', lastId };
      if (history === undefined) return { status: 'ok', events: [], lastId };
      const from = history.start + (after - oldest + 1);
      return { status: 'ok', events: history.events.slice(from, from + count), lastId };
    },
  };
}
