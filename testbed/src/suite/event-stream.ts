import { afterEach, describe, expect, test } from 'vitest';
import { SHORT_LOG_EVENTS, SHORT_LOG_PREFIX } from '../app/index.js';
import type { Bed } from './bed.js';
import { appendEvent, closeEvents, type EventInit, publishEvent } from './event-publish.js';
import { untilSubscribed } from './probe.js';
import type { ReceivedEvent } from './sse-parser.js';
import { PROBE_EVENT, type SseOpenOptions, SseReader } from './sse-reader.js';

// Pushpin asks the origin for the missed events about 1 s after it sees a
// prev-id it does not know, and sends later publishes once it drops the one
// that showed the gap, 5 s after it came; the rest is slack for a loaded machine.
const GAP_RECOVERY_MS = 8000;

/** What a test compares: the data and the id of each event, in order. */
function dataAndIds(events: readonly ReceivedEvent[]): [string, string][] {
  return events.map((event) => [event.data, event.lastEventId]);
}

/**
 * The Server-Sent Events part of the conformance suite: the app's
 * `eventStream` routes (`/events/<channel>`) behind the proxy, read by an
 * HTTP client that parses the stream as a browser does.
 */
export function describeEventStream(bed: Bed): void {
  describe('Server-Sent Events', () => {
    const readers = new Set<SseReader>();
    afterEach(() => {
      for (const reader of readers) reader.cancel();
      readers.clear();
    });

    async function open(path: string, options: SseOpenOptions = {}): Promise<SseReader> {
      const reader = await SseReader.open(`${bed.proxy.httpUrl}${path}`, options);
      readers.add(reader);
      return reader;
    }

    const publish = (channel: string, event: EventInit) => publishEvent(bed, channel, event);
    const appendOnly = (channel: string, event: EventInit) => appendEvent(bed, channel, event);

    /** Publishes probe events (logged like any other, set aside by the reader) until one arrives. */
    function untilLive(reader: SseReader, channel: string): Promise<void> {
      return untilSubscribed(
        [reader],
        (probe) => publish(channel, { event: PROBE_EVENT, data: probe }).then(() => undefined),
        `of an event stream to ${channel}`,
      );
    }

    test('published events arrive in order with their ids, and a close action ends the stream', async () => {
      const channel = bed.channel('sse');
      const reader = await open(`/events/${channel}`);
      expect(reader.response.status).toBe(200);
      expect(reader.response.headers.get('content-type')).toMatch(/^text\/event-stream\b/);
      expect(reader.response.headers.get('grip-hold')).toBeNull();
      expect(reader.response.headers.get('grip-channel')).toBeNull();
      await untilLive(reader, channel);

      const one = await publish(channel, { event: 'headline', data: '{"title":"one"}' });
      const two = await publish(channel, { data: 'two lines\nof text' });
      const three = await publish(channel, { event: 'headline', data: 'three\r\nwith CRLF' });
      expect(new Set([one, two, three]).size).toBe(3);
      expect(await reader.untilCount(3, 'the three published events')).toEqual([
        { type: 'headline', data: '{"title":"one"}', lastEventId: one },
        { type: 'message', data: 'two lines\nof text', lastEventId: two },
        { type: 'headline', data: 'three\nwith CRLF', lastEventId: three },
      ]);

      await closeEvents(bed, channel);
      await reader.end('the close action published from the runtime');
      expect(reader.events).toHaveLength(3);
    });

    test('a reconnect with Last-Event-ID (or ?lastEventId=) replays exactly what it missed, then goes live', async () => {
      const channel = bed.channel('sse-replay');
      const one = await publish(channel, { data: 'one' });
      const two = await publish(channel, { data: 'two' });
      const three = await publish(channel, { data: 'three' });

      const reader = await open(`/events/${channel}`, { lastEventId: one });
      expect(dataAndIds(await reader.untilCount(2, 'the two events after Last-Event-ID'))).toEqual([
        ['two', two],
        ['three', three],
      ]);
      await untilLive(reader, channel);
      const four = await publish(channel, { data: 'four' });
      // A duplicate of "four" would come before "five": the stream is in order.
      const five = await publish(channel, { data: 'five' });
      await reader.untilCount(4, 'the two live events after the replay');
      expect(dataAndIds(reader.events)).toEqual([
        ['two', two],
        ['three', three],
        ['four', four],
        ['five', five],
      ]);
      // The close action ends a stream held at a prev-id, too.
      await closeEvents(bed, channel);
      await reader.end('the close action on a stream with history');

      // A first connection that gives its position in the query, as a page can.
      const fromQuery = await open(`/events/${channel}?lastEventId=${encodeURIComponent(three)}`);
      expect(dataAndIds(await fromQuery.untilCount(2, 'the events after ?lastEventId='))).toEqual([
        ['four', four],
        ['five', five],
      ]);
    });

    test('an event logged but never published is recovered by the proxy from the origin on the next publish', async () => {
      const channel = bed.channel('sse-gap');
      // A stream with history: the hold names the newest id as its prev-id.
      await publish(channel, { data: 'history' });
      const reader = await open(`/events/${channel}`);
      await untilLive(reader, channel);
      const before = await publish(channel, { data: 'before the gap' });
      await reader.untilCount(1, 'the event before the gap');

      const lost = await appendOnly(channel, { data: 'logged, publish lost' });
      const after = await publish(channel, { data: 'after the gap' });
      await reader.untilCount(
        3,
        'the lost event, which the proxy must fetch from the origin (Grip-Last) once the next publish shows the gap, and that publish',
        GAP_RECOVERY_MS,
      );
      // The stream is held again after the recovery. Pushpin lets the next
      // publish through only once it gives up the one that showed the gap
      // (message_wait, 5 s after it arrived): that, too, must not come twice.
      const later = await publish(channel, { data: 'after the recovery' });
      await reader.untilCount(
        4,
        'an event published after the recovery (Pushpin holds it until it drops the publish that showed the gap, 5 s)',
        GAP_RECOVERY_MS,
      );
      expect(dataAndIds(reader.events)).toEqual([
        ['before the gap', before],
        ['logged, publish lost', lost],
        ['after the gap', after],
        ['after the recovery', later],
      ]);
    });

    test('a client behind what the log keeps gets the reset event, and its id does not reset again', async () => {
      const channel = bed.channel(`${SHORT_LOG_PREFIX}sse`);
      const ids: string[] = [];
      for (let i = 1; i <= SHORT_LOG_EVENTS + 2; i++)
        ids.push(await publish(channel, { data: `event ${i}` }));
      const [oldest = '', newest] = [ids[0], ids.at(-1)];

      const behind = await open(`/events/${channel}`, { lastEventId: oldest });
      const [reset] = await behind.untilCount(1, 'the reset event');
      expect(reset).toEqual({ type: 'reset', data: '{"reason":"too-old"}', lastEventId: newest });

      // A browser reconnects with the reset's id: it is up to date, so nothing is replayed.
      const again = await open(`/events/${channel}`, { lastEventId: reset?.lastEventId ?? '' });
      await untilLive(again, channel);
      const live = await publish(channel, { data: 'after the reset' });
      expect(dataAndIds(await again.untilCount(1, 'the live event after reconnecting'))).toEqual([
        ['after the reset', live],
      ]);

      // An id no log could have given (too long for a prev-id) is unknown: a reset, not an error.
      const hostile = await open(`/events/${channel}`, { lastEventId: 'x'.repeat(300) });
      expect(hostile.response.status).toBe(200);
      const [first] = await hostile.untilCount(1, 'the reset event for an impossible id');
      expect(first).toEqual({ type: 'reset', data: '{"reason":"too-old"}', lastEventId: live });
    });
  });
}
