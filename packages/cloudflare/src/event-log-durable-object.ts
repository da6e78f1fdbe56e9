import type { AppendedEvent, EventLogRead, LoggedEvent, ServerSentEvent } from '@faas-grip/core';
import {
  type AppendMessage,
  appendPath,
  eventFields,
  eventProblem,
  maxReadLimit,
  positiveInteger,
  type ReadMessage,
  readPath,
} from './event-log-messages.js';

const generationKey = 'generation';
const maxEventsKey = 'maxEvents';
const eventPrefix = 'e:';
/** The most keys one storage delete takes. */
const deleteBatch = 128;
/** Events one storage list reads. */
const readBatch = 128;
/** Characters of event data after which a read answers with what it has. */
const readBudget = 4 * 1024 * 1024;

/** Zero-padded so that the storage's key order is the sequence order. */
function eventKey(seq: number): string {
  return `${eventPrefix}${String(seq).padStart(16, '0')}`;
}

function randomGeneration(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return [...bytes].map((byte) => (byte % 36).toString(36)).join('');
}

function json(body: unknown): Response {
  return new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/json' } });
}

function badRequest(reason: string): Response {
  return new Response(`${reason}\n`, {
    status: 400,
    headers: { 'Content-Type': 'text/plain; charset=utf-8' },
  });
}

/**
 * The history of one event stream, kept in a Durable Object's storage
 * (`durableObjectEventLog` addresses one object per stream name). Export it
 * from your Worker and bind it; see the README.
 *
 * Events are stored under a sequence number that continues from the newest
 * stored event when the object is evicted and started again. Ids are
 * `<generation>-<sequence>` and the start id (before the first event) is
 * `<generation>-0`: the generation is drawn at random when the object's
 * storage is empty, so ids given out before the storage was deleted (or by
 * another namespace), the start id included, are unknown afterwards, never
 * reused. A generation drawn by a read stays in memory until the first append
 * stores it, so reads of names nobody writes to store nothing.
 *
 * Retention is the object's: the `maxEvents` of the append that stores the
 * first event is kept with it, and later appends cannot change it.
 */
export class EventLogDurableObject {
  readonly #storage: DurableObjectStorage;
  #generation: string | undefined;
  /** Whether `#generation` is in storage, not only drawn by a read. */
  #generationStored = false;
  /** How many events this object keeps, once stored. */
  #maxEvents: number | undefined;
  /** Sequence of the newest event, 0 before the first. */
  #last = 0;
  /** Sequence of the oldest event still stored. */
  #first = 1;

  constructor(state: DurableObjectState, _env?: unknown) {
    this.#storage = state.storage;
    // Nothing else runs until the counters are loaded.
    void state.blockConcurrencyWhile(async () => {
      this.#generation = await this.#storage.get<string>(generationKey);
      this.#generationStored = this.#generation !== undefined;
      const maxEvents = await this.#storage.get<number>(maxEventsKey);
      if (positiveInteger(maxEvents)) this.#maxEvents = maxEvents;
      const [newest] = (await this.#storage.list({ prefix: eventPrefix, reverse: true, limit: 1 })).keys();
      const [oldest] = (await this.#storage.list({ prefix: eventPrefix, limit: 1 })).keys();
      if (newest !== undefined && oldest !== undefined) {
        this.#last = Number(newest.slice(eventPrefix.length));
        this.#first = Number(oldest.slice(eventPrefix.length));
      }
    });
  }

  async fetch(request: Request): Promise<Response> {
    const { pathname } = new URL(request.url);
    if (pathname !== appendPath && pathname !== readPath) return new Response('Not Found\n', { status: 404 });
    if (request.method !== 'POST')
      return new Response('Method Not Allowed\n', { status: 405, headers: { Allow: 'POST' } });
    let message: unknown;
    try {
      message = await request.json();
    } catch {
      return badRequest('the body is not JSON');
    }
    if (typeof message !== 'object' || message === null) return badRequest('the body is not an object');
    if (pathname === appendPath) {
      const { event, maxEvents } = message as Partial<AppendMessage>;
      const problem = eventProblem(event);
      if (problem !== undefined) return badRequest(problem);
      if (!positiveInteger(maxEvents)) return badRequest('`maxEvents` is a positive integer');
      return json(await this.#append(event as ServerSentEvent, maxEvents));
    }
    const { afterId, limit } = message as Partial<ReadMessage>;
    if (afterId !== null && typeof afterId !== 'string') return badRequest('`afterId` is a string or null');
    if (!positiveInteger(limit)) return badRequest('`limit` is a positive integer');
    return json(await this.#read(afterId, Math.min(limit, maxReadLimit)));
  }

  #id(seq: number): string {
    return `${this.#generation}-${seq}`;
  }

  /**
   * Draws the generation if there is none yet, synchronously so that requests
   * arriving together share one. Only an append stores it.
   */
  #drawGeneration(): void {
    this.#generation ??= randomGeneration();
  }

  async #append(event: ServerSentEvent, requestedMaxEvents: number): Promise<AppendedEvent> {
    // Everything up to the put happens synchronously, so appends that arrive
    // together each take their own sequence number, in arrival order.
    this.#drawGeneration();
    const entries: Record<string, unknown> = {};
    if (!this.#generationStored) entries[generationKey] = this.#generation;
    if (this.#maxEvents === undefined) entries[maxEventsKey] = requestedMaxEvents;
    const previous = this.#last;
    const seq = previous + 1;
    entries[eventKey(seq)] = eventFields(event);
    // A put the storage refuses at once (a value over its limit) leaves the counters as they were.
    const written = this.#storage.put(entries);
    this.#last = seq;
    this.#generationStored = true;
    this.#maxEvents ??= requestedMaxEvents;
    try {
      await written;
    } catch (error) {
      // Nothing later took a number: give this one back.
      if (this.#last === seq) this.#last = previous;
      throw error;
    }
    // Old events go only once the new one is stored.
    const keepFrom = Math.max(this.#first, seq - this.#maxEvents + 1);
    const dropped: string[] = [];
    for (let old = this.#first; old < keepFrom; old++) dropped.push(eventKey(old));
    this.#first = keepFrom;
    const deletes: Array<Promise<unknown>> = [];
    for (let i = 0; i < dropped.length; i += deleteBatch) {
      deletes.push(this.#storage.delete(dropped.slice(i, i + deleteBatch)));
    }
    await Promise.all(deletes);
    return { id: this.#id(seq), prevId: this.#id(previous) };
  }

  /** The sequence number `afterId` names in this object (0: the start id), or undefined when it is not one of its ids. */
  #sequenceOf(afterId: string): number | undefined {
    const match = /^([0-9a-z]{1,16})-(0|[1-9][0-9]{0,15})$/.exec(afterId);
    if (match === null || match[1] !== this.#generation) return undefined;
    const seq = Number(match[2]);
    // The newest event dropped by retention still counts: everything after it is stored.
    // So does the start (0) until the first event is dropped.
    return seq >= this.#first - 1 && seq <= this.#last ? seq : undefined;
  }

  async #read(afterId: string | null, limit: number): Promise<EventLogRead> {
    // An empty stream's newest id is its start id, which needs the generation
    // the first event's id will have: drawn now, kept in memory until the first
    // append stores it. After an eviction before that append, the start id is
    // unknown and a client holding it is told too-old (it starts over).
    this.#drawGeneration();
    const lastId = this.#id(this.#last);
    if (afterId === null) return { status: 'ok', events: [], lastId };
    const after = this.#sequenceOf(afterId);
    if (after === undefined) return { status: 'too-old', lastId };
    // Read in batches and stop after about readBudget characters, so that a
    // replay of large events stays well inside the isolate's memory; the
    // caller reads on from the last event it got.
    const end = Math.min(this.#last, after + limit);
    const events: LoggedEvent[] = [];
    let size = 0;
    for (let next = after + 1; next <= end && size < readBudget; next += readBatch) {
      const stored = await this.#storage.list<ServerSentEvent>({
        start: eventKey(next),
        end: eventKey(Math.min(end, next + readBatch - 1) + 1),
      });
      for (const [key, event] of stored) {
        events.push({ id: this.#id(Number(key.slice(eventPrefix.length))), ...eventFields(event) });
        size += event.data.length + (event.event?.length ?? 0);
        if (size >= readBudget) break;
      }
    }
    return { status: 'ok', events, lastId };
  }
}
