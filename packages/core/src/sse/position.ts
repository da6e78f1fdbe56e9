import { isEventId } from './event-id.js';

/** Where a client is in a stream, from what its request says. */
export type ClientPosition =
  /** It has seen nothing: it gets live events only. */
  | { readonly kind: 'new' }
  /** It has everything up to `id`. */
  | { readonly kind: 'after'; readonly id: string }
  /** It named an id that cannot be one of the log's (too long, control or separator characters): a reset. */
  | { readonly kind: 'unusable' };

function positionOf(id: string): ClientPosition {
  return isEventId(id) ? { kind: 'after', id } : { kind: 'unusable' };
}

/**
 * The client's position, in priority order: the id the proxy reports for a
 * gap on this channel (`Grip-Last`, a recovery request), the `Last-Event-ID`
 * header a browser sends when it reconnects, then a `lastEventId` query
 * parameter (a first connection cannot set headers on an `EventSource`).
 * An empty header or parameter says nothing.
 */
export function clientPosition(request: Request, gripLastId: string | undefined): ClientPosition {
  if (gripLastId !== undefined) return positionOf(gripLastId);
  const header = request.headers.get('last-event-id');
  if (header !== null && header !== '') return positionOf(header);
  const query = new URL(request.url).searchParams.get('lastEventId');
  if (query !== null && query !== '') return positionOf(query);
  return { kind: 'new' };
}
