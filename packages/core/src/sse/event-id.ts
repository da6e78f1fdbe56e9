import { shown } from '../http/header-syntax.js';

/** Longest event id a log may give out, and that a client's position may name. */
export const MAX_EVENT_ID_LENGTH = 128;

// An id travels in a Grip-Channel prev-id (visible ASCII, none of the
// characters Pushpin splits that header at) and in an SSE `id:` line (no line
// breaks or NUL): visible ASCII without , ; " satisfies both.
const EVENT_ID = /^[\x21-\x7e]+$/;
const SEPARATORS = /[,;"]/;

/**
 * Whether `value` can be an event log id: 1 to 128 characters of visible
 * ASCII without `,` `;` or `"`, so it fits both a `Grip-Channel` prev-id and
 * an SSE `id:` line.
 */
export function isEventId(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length <= MAX_EVENT_ID_LENGTH &&
    EVENT_ID.test(value) &&
    !SEPARATORS.test(value)
  );
}

/** Throws unless the id a log gave out is one the proxy and the browser can carry. */
export function checkLoggedId(what: string, value: unknown): string {
  if (!isEventId(value)) {
    throw new Error(
      `The event log gave ${what} ${shown(value)}, which is not 1 to ${MAX_EVENT_ID_LENGTH} characters of visible ASCII without , ; or "`,
    );
  }
  return value;
}
