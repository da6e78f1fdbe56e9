import { HttpStreamFormat } from '../publish/formats.js';
import type { Publisher } from '../publish/publisher.js';
import { checkServerSentEvent, encodeServerSentEvent } from './encode.js';
import { checkLoggedId } from './event-id.js';
import type { EventLog, LoggedEvent, ServerSentEvent } from './event-log.js';

/** Anything that publishes: a handler's `ctx`, or a `createPublisher(...)` result. */
export type PublishTarget = Pick<Publisher, 'publish'>;

/**
 * Appends `event` to the log, then publishes it SSE-encoded with the log's id
 * and the previous event's id, so that a proxy that missed an item asks the
 * origin for it. An event that cannot be encoded throws before anything is
 * appended. If the publish fails, the event stays in the log (clients get it
 * on their next reconnect, or through the proxy's recovery) and the error is
 * thrown.
 */
export async function publishEvent(
  log: EventLog,
  stream: string,
  target: PublishTarget,
  event: ServerSentEvent,
): Promise<LoggedEvent> {
  checkServerSentEvent(event);
  const fields: ServerSentEvent = { data: event.data };
  if (event.event !== undefined) fields.event = event.event;
  if (event.retry !== undefined) fields.retry = event.retry;
  const appended = await log.append(stream, fields);
  const id = checkLoggedId('id', appended.id);
  const prevId = appended.prevId === undefined ? undefined : checkLoggedId('previous id', appended.prevId);
  const logged: LoggedEvent = { ...fields, id };
  const content = new HttpStreamFormat(encodeServerSentEvent(logged));
  await target.publish(stream, content, prevId === undefined ? { id } : { id, prevId });
  return logged;
}

/** Ends every held stream of the channel; browsers reconnect with their Last-Event-ID. */
export async function closeStreams(stream: string, target: PublishTarget): Promise<void> {
  await target.publish(stream, new HttpStreamFormat(null, true));
}
