import { encodeServerSentEvent } from './encode.js';
import { checkLoggedId } from './event-id.js';
import type { EventLog, LoggedEvent } from './event-log.js';
import type { ClientPosition } from './position.js';

/** What a hold answers: the events the client missed, SSE-encoded, and the id it then has. */
export interface ReplayAnswer {
  readonly body: string;
  /** The last id the body gives the client (the channel's prev-id; the start id for an empty stream). */
  readonly prevId: string;
}

/**
 * The event that tells a client its position is gone (older than the log
 * keeps, unknown to it, or too far behind): reload your state. Its id is the
 * newest one (the start id for an empty stream), so that the browser's next
 * reconnect starts from there instead of resetting again.
 */
export function resetEvent(newestId: string): string {
  return encodeServerSentEvent({ event: 'reset', id: newestId, data: '{"reason":"too-old"}' });
}

// Pages a far-behind client's replay may read before it answers with what it
// has; the proxy asks for the rest (Grip-Last) at the next publish.
const MAX_PAGES = 64;

function encodeAll(events: readonly LoggedEvent[]): string {
  let body = '';
  for (const event of events) body += encodeServerSentEvent({ ...event, id: checkLoggedId('id', event.id) });
  return body;
}

function reset(newestId: string, then: readonly LoggedEvent[] = []): ReplayAnswer {
  const newest = checkLoggedId('newest id', newestId);
  return { body: resetEvent(newest) + encodeAll(then), prevId: then.at(-1)?.id ?? newest };
}

/**
 * Reads what a client at `position` missed in `stream`: nothing for a new
 * client (only the newest id, or the start id, for the prev-id), the events
 * after its id (at most `replayLimit`; from the first event on when it is the
 * start id), or the reset event when the log cannot replay from there. A client more than `replayLimit` behind gets the reset event and the
 * newest `replayLimit` events. Rejects when the log does.
 */
export async function replay(
  log: EventLog,
  stream: string,
  position: ClientPosition,
  replayLimit: number,
): Promise<ReplayAnswer> {
  if (position.kind !== 'after') {
    const { lastId } = await log.read(stream, undefined);
    if (position.kind === 'unusable') return reset(lastId);
    return { body: '', prevId: checkLoggedId('newest id', lastId) };
  }
  let events: LoggedEvent[] = [];
  let behind = false;
  let after = position.id;
  for (let page = 0; page < MAX_PAGES; page++) {
    const read = await log.read(stream, after, replayLimit + 1);
    // Trimmed while this replay read it (or unknown from the start): the client's position is lost.
    if (read.status === 'too-old') return reset(read.lastId);
    events.push(...read.events);
    if (events.length > replayLimit) {
      behind = true;
      // Only the newest replayLimit are sent; keep the array from growing with the pages.
      if (events.length > 2 * replayLimit) events = events.slice(-replayLimit);
    }
    const last = read.events.at(-1);
    if (last === undefined || last.id === read.lastId || last.id === after) break;
    after = last.id;
  }
  const newest = events.at(-1);
  if (behind && newest !== undefined) return reset(newest.id, events.slice(-replayLimit));
  return { body: encodeAll(events), prevId: newest?.id ?? position.id };
}
