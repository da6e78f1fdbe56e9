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
  readonly id: string;
}

/** What `append` tells: the new event's id, and the id of the event before it in that stream (none for the first). */
export interface AppendedEvent {
  readonly id: string;
  readonly prevId: string | undefined;
}

/** What `read` tells. */
export type EventLogRead =
  /** The events after the given id, oldest first (possibly none), and the stream's newest id afterwards. */
  | { readonly status: 'ok'; readonly events: readonly LoggedEvent[]; readonly lastId: string | undefined }
  /** The id is older than what the log retains, or unknown to it (another instance, a reset store): replay impossible. */
  | { readonly status: 'too-old'; readonly lastId: string | undefined };

/**
 * Where an event stream keeps its history. Ids are opaque strings that the log
 * gives out, strictly increasing in the log's own order, unique for all time
 * within one stream (the proxy de-duplicates items by id, so an id must never be
 * reused, not even after a restart). Implementations must be safe under
 * concurrent appends from several processes if they claim so in their README.
 *
 * Ids must fit a `Grip-Channel` prev-id (visible ASCII without `,` `;` `"` or
 * spaces, at most 128 characters) and an SSE `id:` line (no CR, LF or NUL).
 * A log rejects with a clear `Error` (no secrets) when its store fails.
 */
export interface EventLog {
  append(stream: string, event: ServerSentEvent): Promise<AppendedEvent>;
  /**
   * Events of `stream` after `afterId`, at most `limit` (the log may cap it).
   * `afterId` undefined: no events, only the newest id (`lastId`), for a client that has seen nothing.
   */
  read(stream: string, afterId: string | undefined, limit?: number): Promise<EventLogRead>;
}
