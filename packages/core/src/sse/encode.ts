import { shown } from '../http/header-syntax.js';
import type { LoggedEvent, ServerSentEvent } from './event-log.js';

// The HTML standard's event stream ends a line at CRLF, LF or CR, so data is
// split at all three, and a field that must stay on one line may hold none.
const LINE_BREAK = /\r\n|\r|\n/;
const BREAK_OR_NUL = /[\r\n\0]/;

/**
 * Throws a TypeError unless `event` can be sent as it is: an object with
 * `data` a string without NUL, `event` (if any) a string without CR, LF or
 * NUL, `retry` (if any) a non-negative safe integer. A browser would
 * otherwise read other fields than the ones published, or none. `publish`
 * checks every event with it, and an `EventLog`'s `append` should refuse
 * what it refuses. The message names the field, with no more of a text value
 * than its first 80 characters.
 */
export function checkServerSentEvent(event: unknown): asserts event is ServerSentEvent {
  if (typeof event !== 'object' || event === null) {
    throw new TypeError(`A Server-Sent Event must be an object, got ${shown(event)}`);
  }
  const { data, event: type, retry } = event as Record<string, unknown>;
  if (typeof data !== 'string') {
    throw new TypeError(`Server-Sent Event data must be a string, got ${shown(data)}`);
  }
  if (data.includes('\0')) throw new TypeError('Server-Sent Event data must not contain NUL');
  if (type !== undefined && (typeof type !== 'string' || BREAK_OR_NUL.test(type))) {
    throw new TypeError(`Server-Sent Event type ${shown(type)} must be a string without CR, LF or NUL`);
  }
  if (retry !== undefined && !(Number.isSafeInteger(retry) && (retry as number) >= 0)) {
    throw new TypeError(`Server-Sent Event retry ${shown(retry)} must be a whole number of milliseconds`);
  }
}

/**
 * The event as an event stream carries it: `event:` (when it has a type),
 * `id:`, `retry:` (when given), one `data:` line per line of data, and the
 * blank line that makes the browser dispatch it. An empty id (`id: `) clears
 * the browser's last event id.
 */
export function encodeServerSentEvent(event: LoggedEvent): string {
  checkServerSentEvent(event);
  if (typeof event.id !== 'string' || BREAK_OR_NUL.test(event.id)) {
    throw new TypeError(`Server-Sent Event id ${shown(event.id)} must be a string without CR, LF or NUL`);
  }
  let text = '';
  if (event.event !== undefined && event.event !== '') text += `event: ${event.event}\n`;
  text += `id: ${event.id}\n`;
  if (event.retry !== undefined) text += `retry: ${event.retry}\n`;
  for (const line of event.data.split(LINE_BREAK)) text += `data: ${line}\n`;
  return `${text}\n`;
}
