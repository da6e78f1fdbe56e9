import { HttpStreamFormat } from '../publish/formats.js';
import { type IItemExport, Item } from '../publish/item.js';
import type { Publisher } from '../publish/publisher.js';
import { checkServerSentEvent, encodeServerSentEvent } from './encode.js';
import { checkLoggedId } from './event-id.js';
import type { EventLog, LoggedEvent, ServerSentEvent } from './event-log.js';

/** Anything that publishes: a handler's `ctx`, or a `createPublisher(...)` result. */
export type PublishTarget = Pick<Publisher, 'publish'>;

/**
 * Appends `event` to the log, then publishes it SSE-encoded with the log's id
 * and the previous event's id (the stream's start id for its first event), so
 * that a proxy that missed an item, the first included, asks the origin for it. An event that cannot be encoded throws before anything is
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
  const prevId = checkLoggedId('previous id', appended.prevId);
  const logged: LoggedEvent = { ...fields, id };
  const content = new HttpStreamFormat(encodeServerSentEvent(logged));
  await target.publish(stream, content, { id, prevId });
  return logged;
}

/**
 * The close action as a stream that is up to date can take it. A proxy that
 * holds a stream at prev-id X treats an item whose prev-id is not X as a gap
 * (it recovers instead of closing), so the item names the newest event as its
 * prev-id. It carries Pushpin's `no-seq`, so that the proxy's sequencing keeps
 * the newest event as the channel's last id: the next event (prev-id: that
 * event) then goes out at once instead of waiting for the close's own id.
 */
class CloseItem extends Item {
  constructor(newestId: string) {
    super(new HttpStreamFormat(null, true), undefined, newestId);
  }

  override export(): IItemExport {
    const exported: IItemExport & { 'no-seq': boolean } = { ...super.export(), 'no-seq': true };
    return exported;
  }
}

/** Ends every held stream of the channel that is up to date; browsers reconnect with their Last-Event-ID. */
export async function closeStreams(log: EventLog, stream: string, target: PublishTarget): Promise<void> {
  const { lastId } = await log.read(stream, undefined);
  await target.publish(stream, new CloseItem(checkLoggedId('newest id', lastId)));
}
