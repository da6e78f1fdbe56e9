import {
  type EventStream,
  eventStream,
  type GripHandler,
  memoryEventLog,
  type ServerSentEvent,
} from '@faas-grip/core';

/** Channels that start with this keep only a few events, so a test can fall behind the log. */
export const SHORT_LOG_PREFIX = 'short-';
/** How many events a short channel keeps. */
export const SHORT_LOG_EVENTS = 3;

// Made at module level, as an app would: every runtime must take that.
const log = memoryEventLog();
const shortLog = memoryEventLog({ maxEvents: SHORT_LOG_EVENTS });

// One stream per channel name, made on first use; bounded so requests
// naming ever new channels cannot grow it without end. Undefined when the name
// is not a channel name or the bound is reached.
const MAX_STREAMS = 5000;
const streams = new Map<string, EventStream>();

function streamFor(channel: string): EventStream | undefined {
  let stream = streams.get(channel);
  if (stream === undefined) {
    if (streams.size >= MAX_STREAMS) return undefined;
    try {
      stream = eventStream(channel, { log: channel.startsWith(SHORT_LOG_PREFIX) ? shortLog : log });
    } catch {
      // A name a Grip-Channel header cannot carry.
      return undefined;
    }
    streams.set(channel, stream);
  }
  return stream;
}

function text(body: string, status: number, headers: Record<string, string> = {}): Response {
  return new Response(`${body}\n`, { status, headers: { 'Content-Type': 'text/plain', ...headers } });
}

function json(body: unknown): Response {
  return new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/json' } });
}

/** The request body as an event, or a message saying what is wrong with it. */
async function eventOf(request: Request): Promise<ServerSentEvent | string> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return 'The body must be JSON';
  }
  if (typeof body !== 'object' || body === null) return 'The body must be a JSON object';
  const { event, data, retry } = body as Record<string, unknown>;
  if (typeof data !== 'string') return 'data must be a string';
  if (event !== undefined && typeof event !== 'string') return 'event must be a string';
  if (retry !== undefined && typeof retry !== 'number') return 'retry must be a number';
  return {
    data,
    ...(event === undefined ? {} : { event }),
    ...(retry === undefined ? {} : { retry }),
  };
}

async function publish(
  stream: EventStream,
  request: Request,
  ctx: Parameters<GripHandler>[1],
): Promise<Response> {
  const event = await eventOf(request);
  if (typeof event === 'string') return text(event, 400);
  try {
    const logged = await stream.publish(ctx, event);
    return json({ id: logged.id });
  } catch (error) {
    // publish checks the event before anything is logged.
    if (error instanceof TypeError) return text(error.message, 400);
    throw error;
  }
}

/** Logs an event without publishing it: the proxy only learns of it from the next publish's prev-id. */
async function appendOnly(stream: EventStream, request: Request): Promise<Response> {
  const event = await eventOf(request);
  if (typeof event === 'string') return text(event, 400);
  const appended = await stream.log.append(stream.name, event);
  return json({ id: appended.id, prevId: appended.prevId ?? null });
}

/**
 * Server-Sent Events on `/events/<channel>`, written with the public API only:
 * - `GET /events/<channel>`: replays what the client missed and holds the stream;
 * - `POST /events/<channel>` with `{ data, event?, retry? }`: publishes it, answers `{ id }`;
 * - `POST /events/<channel>/append`: logs it without publishing (a lost publish);
 * - `POST /events/<channel>/close`: ends every held stream of the channel.
 */
export function events(rest: string): GripHandler {
  return async (request, ctx) => {
    const [name = '', action, ...extra] = rest.split('/');
    let channel: string;
    try {
      channel = decodeURIComponent(name);
    } catch {
      return text(`Malformed channel in /events/${rest}`, 400);
    }
    if (channel === '' || extra.length > 0) return text(`No channel in /events/${rest}`, 404);
    if (action !== undefined && action !== 'append' && action !== 'close') {
      return text(`Not Found: /events/${rest}`, 404);
    }
    const allow = action === undefined ? 'GET, POST' : 'POST';
    if (!allow.split(', ').includes(request.method)) {
      return text(`Use ${allow}`, 405, { Allow: allow });
    }
    const stream = streamFor(channel);
    if (stream === undefined) return text(`Cannot open a stream named ${JSON.stringify(channel)}`, 400);
    if (action === 'append') return appendOnly(stream, request);
    if (action === 'close') {
      await stream.close(ctx);
      return text('Closed', 200);
    }
    return request.method === 'GET' ? stream.hold(request, ctx) : publish(stream, request, ctx);
  };
}
