/** One Server-Sent Event as an application publishes it. */
export interface ServerSentEvent {
  /** The event type (`event:` field); the browser dispatches `message` when absent. */
  event?: string;
  /** The payload (`data:` field); line breaks (CRLF, LF, CR) become several `data:` lines. */
  data: string;
  /** Reconnection delay in milliseconds the browser should use from now on (`retry:` field). */
  retry?: number;
}

/** An event as a log holds it: with the id the log gave it. */
export interface LoggedEvent extends ServerSentEvent {
  /** The id the log gave it (`id:` field). */
  readonly id: string;
}

/**
 * What `append` tells: the new event's id, and the id of the position before
 * it in that stream: the previous event's id, or the stream's start id for its
 * first event.
 */
export interface AppendedEvent {
  readonly id: string;
  readonly prevId: string;
}

/** What `read` tells. */
export type EventLogRead =
  /**
   * The events after the given id, oldest first (possibly none), and the
   * stream's newest id afterwards (its start id while it has no event).
   */
  | { readonly status: 'ok'; readonly events: readonly LoggedEvent[]; readonly lastId: string }
  /** The id is older than what the log retains, or unknown to it (another instance, a reset store): replay impossible. */
  | { readonly status: 'too-old'; readonly lastId: string };

/**
 * Where an event stream keeps its history. Ids are opaque strings that the log
 * gives out, strictly increasing in the log's own order, unique for all time
 * within one stream (the proxy de-duplicates items by id, so an id must never be
 * reused, not even after a restart). Implementations must be safe under
 * concurrent appends from several processes if they claim so in their README.
 *
 * Every stream has a start id, the position before its first event: `read`
 * reports it as `lastId` while the stream is empty, `append` reports it as the
 * first event's `prevId`, and `read(stream, startId)` answers every event from
 * the first on (status ok) for as long as none was dropped from the start, then
 * too-old. So a stream always has a position to announce: a proxy (Pushpin)
 * tracks a channel's order only when the hold names a prev-id, and only then
 * asks the origin for events whose publishes it never got, the first ones
 * included. A start id differs between log instances (or store generations)
 * exactly as ids do, so one from a forgotten log reads as too-old, never as the
 * start of another.
 *
 * Ids, start ids included, must fit a `Grip-Channel` prev-id (visible ASCII
 * without `,` `;` `"` or spaces, at most 128 characters) and an SSE `id:` line
 * (no CR, LF or NUL). `append` should refuse (TypeError) an event that
 * `checkServerSentEvent` (from `@faas-grip/core/protocol`) refuses. A log
 * rejects with a clear `Error` (no secrets) when its store fails.
 */
export interface EventLog {
  /** Appends to `stream`; `prevId` is the previous event's id, or the start id for the first event. */
  append(stream: string, event: ServerSentEvent): Promise<AppendedEvent>;
  /**
   * Events of `stream` after `afterId`, at most `limit` (the log may cap it).
   * A hold reads once per answer, with `limit` one more than its `replayLimit`,
   * and replays at most `replayBytes` of what it got; a log that caps lower, or
   * events past the byte budget, are fine: the proxy asks for the rest. An
   * event the answer cannot encode is left out (and reported), not sent.
   * `afterId` the start id: from the first event on. `afterId` undefined: no
   * events, only the newest id (`lastId`, the start id for an empty stream),
   * for a client that has seen nothing and wants live events only.
   */
  read(stream: string, afterId: string | undefined, limit?: number): Promise<EventLogRead>;
}
