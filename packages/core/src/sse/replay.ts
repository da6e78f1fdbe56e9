import { encodeServerSentEvent } from './encode.js';
import { checkLoggedId, isEventId } from './event-id.js';
import type { EventLog, LoggedEvent } from './event-log.js';
import type { ClientPosition } from './position.js';

/** What a hold answers: the events the client missed, SSE-encoded, and the id it then has. */
export interface ReplayAnswer {
  readonly body: string;
  /**
   * The last id the answer covers (the channel's prev-id; the start id for an empty stream): the last event in the
   * body, or an event after it that was skipped.
   */
  readonly prevId: string;
  /** Ids of logged events left out because they cannot be encoded (the operator should hear of them). */
  readonly skipped: readonly string[];
}

/** How much one answer may replay. */
export interface ReplayLimits {
  /** Most events. */
  readonly events: number;
  /** Most UTF-8 bytes of encoded events (at least one event is sent whatever its size). */
  readonly bytes: number;
}

/**
 * The event that tells a client its position is gone (older than the log
 * keeps, unknown to it, too far behind): reload your state. Its id is the
 * newest one (the start id for an empty stream), so that the browser's next
 * reconnect starts from there instead of resetting again.
 */
export function resetEvent(newestId: string): string {
  return encodeServerSentEvent({ event: 'reset', id: newestId, data: '{"reason":"too-old"}' });
}

function reset(newestId: string): ReplayAnswer {
  const newest = checkLoggedId('newest id', newestId);
  return { body: resetEvent(newest), prevId: newest, skipped: [] };
}

const utf8 = new TextEncoder();

// UTF-8 takes at least one byte per UTF-16 unit, so a text longer than what
// is left is over without being encoded; the others are measured, which
// encodes at most twice the budget per answer.
function bytesWithin(text: string, budget: number): number | undefined {
  if (text.length > budget) return undefined;
  const bytes = utf8.encode(text).length;
  return bytes <= budget ? bytes : undefined;
}

/**
 * Encodes `events` in order until the next one would take the body past
 * `limit` bytes (the first is sent whatever its size, so that a replay always
 * moves on). An event that cannot be encoded (a store holding what no
 * publish would have written) is left out, not allowed to fail the answer.
 */
function encodeWithin(events: readonly LoggedEvent[], afterId: string, limit: number): ReplayAnswer {
  let body = '';
  let budget = limit;
  let prevId = afterId;
  const skipped: string[] = [];
  for (const event of events) {
    let text: string;
    try {
      text = encodeServerSentEvent({ ...event, id: checkLoggedId('id', event.id) });
    } catch {
      // Past it, so that the proxy does not ask for it again and again.
      if (isEventId(event.id)) prevId = event.id;
      skipped.push(isEventId(event.id) ? event.id : '(not an id)');
      continue;
    }
    const bytes = bytesWithin(text, budget);
    if (bytes === undefined && body !== '') break;
    budget -= bytes ?? budget;
    body += text;
    prevId = event.id;
  }
  return { body, prevId, skipped };
}

/**
 * Reads what a client at `position` missed in `stream`, in one log read:
 * nothing for a new client (only the newest id, or the start id, for the
 * prev-id), the events after its id (at most `limits.events`, and no more than
 * `limits.bytes` of them; from the first event on when it is the start id), or
 * the reset event alone, with the newest id, when the log cannot replay from
 * there or the client is more than `limits.events` behind. The prev-id is the
 * last id the body covers: whatever an answer leaves out (past the byte
 * budget, or past a log's own cap on a read), the proxy asks for through the
 * next link. Rejects when the log does.
 */
export async function replay(
  log: EventLog,
  stream: string,
  position: ClientPosition,
  limits: ReplayLimits,
): Promise<ReplayAnswer> {
  if (position.kind !== 'after') {
    const { lastId } = await log.read(stream, undefined);
    if (position.kind === 'unusable') return reset(lastId);
    return { body: '', prevId: checkLoggedId('newest id', lastId), skipped: [] };
  }
  const read = await log.read(stream, position.id, limits.events + 1);
  // Older than the log keeps, unknown to it, or further behind than one answer replays.
  if (read.status === 'too-old' || read.events.length > limits.events) return reset(read.lastId);
  return encodeWithin(read.events, position.id, limits.bytes);
}
