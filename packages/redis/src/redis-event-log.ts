import type { AppendedEvent, EventLog, EventLogRead, LoggedEvent } from '@faas-grip/core';
import { checkServerSentEvent } from '@faas-grip/core/protocol';
import { type RedisCommandClient, scriptRunner } from './client.js';
import { entryFields, parseEntry, replyText } from './entries.js';
import { describeFailure, quoteStream, withTimeout } from './errors.js';
import { appendScript, readScript } from './scripts.js';
import { compareStreamIds, nextStreamId, parseStreamId } from './stream-id.js';

export interface RedisEventLogOptions {
  /** A connected client: a node-redis client as it is, or any object with `sendCommand(args)` (see the README for ioredis). */
  client: RedisCommandClient;
  /** Prepended to the stream name to make the Redis key (default `faas-grip:events:`). */
  keyPrefix?: string;
  /** About how many events each stream keeps (default 1000); Redis trims whole nodes, so a few more may stay. */
  maxEvents?: number;
  /** Milliseconds before a Redis call is given up with an error (default 5000; `false` waits as long as the client does). */
  commandTimeout?: number | false;
}

const defaultPrefix = 'faas-grip:events:';
const defaultMaxEvents = 1000;
const defaultTimeout = 5000;
// The longest delay setTimeout honours (2^31 - 1 ms).
const maxTimerDelay = 2_147_483_647;
const defaultReadLimit = 1000;
const maxReadLimit = 10_000;
const maxStreamName = 1024;
/** How many pages of only skipped entries a read looks past before answering with none. */
const maxSkippedPages = 16;
/** How many streams a log remembers the newest id of (see `highWater`). */
const rememberedStreams = 10_000;
/** The position before a stream's first entry: below every id Redis gives out (it never gives `0-0`). */
const startId = '0-0';

const loneSurrogate = /\p{Surrogate}/u;

/** An id this log can give out or read from: an entry's id, or the start id. */
function isLogId(id: string): boolean {
  return id === startId || parseStreamId(id) !== undefined;
}

function positiveInteger(value: number): boolean {
  return Number.isSafeInteger(value) && value > 0;
}

function checkStream(stream: unknown): asserts stream is string {
  // Clients encode keys as UTF-8; a lone surrogate would become U+FFFD and two
  // different names would share one stream.
  if (
    typeof stream !== 'string' ||
    stream.length === 0 ||
    stream.length > maxStreamName ||
    loneSurrogate.test(stream)
  ) {
    const got = typeof stream === 'string' ? `${stream.length} characters` : typeof stream;
    throw new TypeError(
      `redis event log: a stream name is 1 to ${maxStreamName} characters of well-formed text (got ${got})`,
    );
  }
}

/**
 * An `EventLog` on Redis Streams: one stream per event stream, ids are the
 * entries' ids (`<ms>-<seq>`), the start id is `0-0`. Appends from any number of processes are
 * atomic per stream; see the README for what a restart loses.
 */
export function redisEventLog(options: RedisEventLogOptions): EventLog {
  const {
    client,
    keyPrefix = defaultPrefix,
    maxEvents = defaultMaxEvents,
    commandTimeout = defaultTimeout,
  } = options;
  if (typeof client?.sendCommand !== 'function') {
    throw new TypeError('redisEventLog: `client` needs a sendCommand(args) method');
  }
  if (typeof keyPrefix !== 'string') throw new TypeError('redisEventLog: `keyPrefix` is a string');
  if (!positiveInteger(maxEvents)) throw new RangeError('redisEventLog: `maxEvents` is a positive integer');
  // Node's setTimeout fires after 1 ms for any delay above 2^31 - 1.
  if (commandTimeout !== false && !(positiveInteger(commandTimeout) && commandTimeout <= maxTimerDelay)) {
    throw new RangeError(
      `redisEventLog: \`commandTimeout\` is false or a whole number of milliseconds from 1 to ${maxTimerDelay}`,
    );
  }

  const appendLua = scriptRunner(client, appendScript);
  const readLua = scriptRunner(client, readScript);

  // The newest id this log has handed out or seen per stream. A Redis restart
  // without persistence loses the stream; the append script then continues
  // after this id instead of trusting the server's clock.
  const highWater = new Map<string, string>();
  function remember(stream: string, id: string | undefined): void {
    if (id === undefined) return;
    const parsed = parseStreamId(id);
    const known = highWater.get(stream);
    const knownParsed = known === undefined ? undefined : parseStreamId(known);
    if (parsed === undefined || (knownParsed !== undefined && compareStreamIds(parsed, knownParsed) <= 0))
      return;
    highWater.delete(stream);
    highWater.set(stream, id);
    if (highWater.size > rememberedStreams) {
      const oldest = highWater.keys().next();
      if (oldest.done !== true) highWater.delete(oldest.value);
    }
  }

  async function call(operation: string, stream: string, run: () => Promise<unknown>): Promise<unknown> {
    const what = `redis event log: ${operation} on stream ${quoteStream(stream)}`;
    try {
      return await withTimeout(run(), commandTimeout, () => `${what} timed out after ${commandTimeout} ms`);
    } catch (error) {
      if (error instanceof Error && error.message.startsWith(what)) throw error;
      throw new Error(`${what} failed: ${describeFailure(error)}`);
    }
  }

  async function readPage(stream: string, after: string, limit: number) {
    const reply = await call('read', stream, () => readLua(keyPrefix + stream, [after, String(limit)]));
    if (!Array.isArray(reply)) throw malformed('read', stream);
    const status = replyText(reply[0]);
    const lastId = replyText(reply[1]);
    if (lastId === undefined || !isLogId(lastId)) throw malformed('read', stream);
    remember(stream, lastId);
    if (status === 'too-old') return { status, lastId, entries: [] };
    if (status !== 'ok' || !Array.isArray(reply[2])) throw malformed('read', stream);
    return { status, lastId, entries: reply[2] as unknown[] };
  }

  function malformed(operation: string, stream: string): Error {
    return new Error(
      `redis event log: ${operation} on stream ${quoteStream(stream)} got an unexpected reply`,
    );
  }

  return {
    async append(stream, event) {
      checkStream(stream);
      checkServerSentEvent(event);
      const known = highWater.get(stream);
      const knownParsed = known === undefined ? undefined : parseStreamId(known);
      const after = knownParsed === undefined ? undefined : nextStreamId(knownParsed);
      const args = [
        String(maxEvents),
        after === undefined ? '' : (known ?? ''),
        after ?? '',
        ...entryFields(event),
      ];
      const reply = await call('append', stream, () => appendLua(keyPrefix + stream, args));
      if (!Array.isArray(reply)) throw malformed('append', stream);
      const id = replyText(reply[0]);
      const prevId = replyText(reply[1]);
      if (id === undefined || parseStreamId(id) === undefined || prevId === undefined || !isLogId(prevId))
        throw malformed('append', stream);
      remember(stream, id);
      return { id, prevId } satisfies AppendedEvent;
    },

    async read(stream, afterId, limit = defaultReadLimit) {
      checkStream(stream);
      if (!positiveInteger(limit))
        throw new RangeError('redis event log: a read `limit` is a positive integer');
      // An id that is not a stream id (nor the start id) was never handed out by this log.
      const valid = afterId !== undefined && isLogId(afterId);
      let after = valid ? afterId : '';
      for (let page = 1; ; page++) {
        const { status, lastId, entries } = await readPage(stream, after, Math.min(limit, maxReadLimit));
        if (status === 'too-old' || (afterId !== undefined && !valid)) {
          return { status: 'too-old', lastId } satisfies EventLogRead;
        }
        const events: LoggedEvent[] = [];
        for (const entry of entries) {
          const logged = parseEntry(entry);
          if (logged !== undefined) events.push(logged);
        }
        // A page of nothing but skipped entries would look like the end of
        // the stream to a caller that pages until it gets no events.
        const lastEntry: unknown = entries.at(-1);
        const lastEntryId = Array.isArray(lastEntry) ? replyText(lastEntry[0]) : undefined;
        if (events.length > 0 || lastEntryId === undefined || page >= maxSkippedPages) {
          return { status: 'ok', events, lastId } satisfies EventLogRead;
        }
        after = lastEntryId;
      }
    },
  };
}
