import type { AppendedEvent, EventLog, EventLogRead, LoggedEvent } from '@faas-grip/core';
import {
  type AppendMessage,
  appendPath,
  defaultMaxEvents,
  defaultReadLimit,
  eventFields,
  eventProblem,
  positiveInteger,
  type ReadMessage,
  readPath,
} from './event-log-messages.js';

/**
 * The part of a Durable Object namespace binding the log uses; any
 * `DurableObjectNamespace` bound to `EventLogDurableObject` fits.
 */
export interface EventLogNamespace {
  idFromName(name: string): DurableObjectId;
  get(id: DurableObjectId): { fetch(input: string, init?: RequestInit): Promise<Response> };
}

export interface DurableObjectEventLogOptions {
  /**
   * How many events each stream keeps (default 1000). A stream keeps the value
   * of the append that stored its first event; another value later has no effect on it.
   */
  maxEvents?: number;
}

const maxStreamName = 1024;
const loneSurrogate = /\p{Surrogate}/u;

function checkStream(stream: unknown): asserts stream is string {
  // A lone surrogate would be encoded as U+FFFD, and two names would share one object.
  if (
    typeof stream !== 'string' ||
    stream.length === 0 ||
    stream.length > maxStreamName ||
    loneSurrogate.test(stream)
  ) {
    const got = typeof stream === 'string' ? `${stream.length} characters` : typeof stream;
    throw new TypeError(
      `durable object event log: a stream name is 1 to ${maxStreamName} characters of well-formed text (got ${got})`,
    );
  }
}

function quote(stream: string): string {
  return JSON.stringify(stream.length > 64 ? `${stream.slice(0, 64)}…` : stream);
}

/** A reason in one short line. */
function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

/**
 * An `EventLog` kept by `EventLogDurableObject`s: one object per stream,
 * addressed with `idFromName(stream)`. Appends to a stream are serialized by
 * its object, so they are safe from any number of Workers at once.
 */
export function durableObjectEventLog(
  namespace: EventLogNamespace,
  options: DurableObjectEventLogOptions = {},
): EventLog {
  const { maxEvents = defaultMaxEvents } = options;
  if (typeof namespace?.idFromName !== 'function' || typeof namespace.get !== 'function') {
    throw new TypeError('durableObjectEventLog: `namespace` is a Durable Object namespace binding');
  }
  if (!positiveInteger(maxEvents))
    throw new RangeError('durableObjectEventLog: `maxEvents` is a positive integer');

  async function call(
    operation: 'append' | 'read',
    stream: string,
    message: AppendMessage | ReadMessage,
  ): Promise<unknown> {
    const what = `durable object event log: ${operation} on stream ${quote(stream)}`;
    let response: Response;
    try {
      const stub = namespace.get(namespace.idFromName(stream));
      response = await stub.fetch(`https://event-log${operation === 'append' ? appendPath : readPath}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(message),
      });
    } catch (error) {
      throw new Error(`${what} failed: ${oneLine(error instanceof Error ? error.message : String(error))}`);
    }
    if (!response.ok) {
      const text = await response.text().catch(() => '');
      throw new Error(`${what} failed: ${response.status} ${oneLine(text)}`.trimEnd());
    }
    try {
      return await response.json();
    } catch {
      throw new Error(`${what} got an answer that is not JSON`);
    }
  }

  return {
    async append(stream, event): Promise<AppendedEvent> {
      checkStream(stream);
      const problem = eventProblem(event);
      if (problem !== undefined) throw new TypeError(`durable object event log: ${problem}`);
      const answer = (await call('append', stream, {
        event: eventFields(event),
        maxEvents,
      })) as Partial<AppendedEvent>;
      if (typeof answer?.id !== 'string' || typeof answer.prevId !== 'string')
        throw new Error(`durable object event log: append on stream ${quote(stream)} got no id`);
      return { id: answer.id, prevId: answer.prevId };
    },

    async read(stream, afterId, limit = defaultReadLimit): Promise<EventLogRead> {
      checkStream(stream);
      if (!positiveInteger(limit))
        throw new RangeError('durable object event log: a read `limit` is a positive integer');
      const answer = (await call('read', stream, { afterId: afterId ?? null, limit })) as {
        status?: unknown;
        events?: unknown;
        lastId?: unknown;
      };
      const lastId = answer?.lastId;
      if (typeof lastId !== 'string') {
        throw new Error(`durable object event log: read on stream ${quote(stream)} got an unexpected answer`);
      }
      if (answer.status === 'too-old') return { status: 'too-old', lastId };
      if (answer.status !== 'ok' || !Array.isArray(answer.events)) {
        throw new Error(`durable object event log: read on stream ${quote(stream)} got an unexpected answer`);
      }
      return { status: 'ok', events: answer.events as LoggedEvent[], lastId };
    },
  };
}
