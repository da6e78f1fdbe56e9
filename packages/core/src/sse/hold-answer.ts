import { coreResponse, textResponse } from '../adapter/response-registry.js';
import { EventStreamError } from '../errors.js';
import type { GripContext } from '../handler.js';
import type { HoldKeepAlive } from '../http/keep-alive.js';
import type { EventLog } from './event-log.js';
import { clientPosition } from './position.js';
import { type ReplayAnswer, type ReplayLimits, replay } from './replay.js';

/** What a hold needs of its stream, settled once when the stream is made. */
export interface HoldSettings {
  readonly name: string;
  readonly log: EventLog;
  readonly replayLimits: ReplayLimits;
  readonly keepAlive: HoldKeepAlive | undefined;
  /** The client's response headers: the app's, with the event stream's content type and no-cache. */
  readonly headers: Headers;
}

/**
 * This request's path and query, as the link the proxy follows to recover a
 * gap. A path starting with `//` would read as a host (`//evil.example/`):
 * `/.` before it keeps it a path on this origin, and resolves to the same.
 */
export function nextLink(request: Request): string {
  const url = new URL(request.url);
  const path = url.pathname.startsWith('//') ? `/.${url.pathname}` : url.pathname;
  return `${path}${url.search}`;
}

/**
 * Answers a client's (or the proxy's recovery) request for an event stream:
 * the events it missed as the body, held open on the stream's channel with
 * prev-id at the last of them, and a next link back to this URL through which
 * the proxy asks for what a gap lost.
 */
export async function holdEventStream<Env>(
  settings: HoldSettings,
  request: Request,
  ctx: GripContext<Env>,
): Promise<Response> {
  if (request.method !== 'GET') {
    return coreResponse(
      'Method Not Allowed: an event stream is read with GET\n',
      { status: 405, headers: { 'Content-Type': 'text/plain', Allow: 'GET' } },
      request,
    );
  }
  const position = clientPosition(request, ctx.lastIds.get(settings.name));
  let answer: ReplayAnswer;
  try {
    answer = await replay(settings.log, settings.name, position, settings.replayLimits);
  } catch (error) {
    // The operator hears of it through the app's error reporting (onError), the
    // client only that it failed: a store's error may name hosts.
    ctx.waitUntil(
      Promise.reject(
        new EventStreamError(`eventStream ${settings.name}: the event log could not be read`, {
          cause: error,
        }),
      ),
    );
    return textResponse('Service Unavailable: the event log could not be read\n', 503, request);
  }
  if (answer.skipped.length > 0) {
    const ids = answer.skipped.slice(0, 5).join(' ');
    ctx.waitUntil(
      Promise.reject(
        new EventStreamError(
          `eventStream ${settings.name}: ${answer.skipped.length} logged event(s) could not be encoded and were left out of a replay (${ids})`,
        ),
      ),
    );
  }
  // Always with a prev-id (the start id for an empty stream): Pushpin keeps a
  // channel's order, and recovers the publishes it missed, only for a hold that names one.
  return ctx.holdStream(
    { name: settings.name, prevId: answer.prevId },
    {
      body: answer.body,
      headers: settings.headers,
      ...(settings.keepAlive === undefined ? {} : { keepAlive: settings.keepAlive }),
      next: { uri: nextLink(request) },
    },
  );
}
