import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { OriginEntry } from '../entries/types.js';
import type { ProxyKind } from '../proxies/types.js';
import { Bed } from './bed.js';
import { appendEvent, publishEvent } from './event-publish.js';
import { untilSubscribed } from './probe.js';
import { PROBE_EVENT, SseReader } from './sse-reader.js';

// Pushpin asks the origin for missed events about 1 s after a publish shows a
// gap, and lets the publishes after it through once it drops that one (5 s
// after it came); the rest is slack for a loaded machine.
const RECOVERY_MS = 12_000;

/**
 * An event stream held while its log is empty: the hold must still name a
 * position (the log's start id) as prev-id, or the proxy tracks nothing on the
 * channel and never asks the origin for first events whose publishes it missed.
 */
export function describeEmptyLogRecovery(entry: OriginEntry, proxy: ProxyKind): void {
  describe(`${entry.name} behind ${proxy.name}: an event stream held while its log is empty`, () => {
    const bed = new Bed(entry, proxy);
    const readers = new Set<SseReader>();
    beforeAll(() => bed.start(), 60_000);
    afterAll(() => bed.stop(), 30_000);
    afterEach(() => {
      for (const reader of readers) reader.cancel();
      readers.clear();
    });

    test('recovers the first event when its publish never reached the proxy: both events, in order, once', async () => {
      const channel = bed.channel('sse-empty-log');
      const reader = await SseReader.open(`${bed.proxy.httpUrl}/events/${channel}`);
      readers.add(reader);
      expect(reader.response.status).toBe(200);

      // The log's first event, logged but never published; the next publish names it as prev-id.
      const lost = await appendEvent(bed, channel, { data: 'first, publish lost' });
      const next = await publishEvent(bed, channel, { data: 'second' });
      // Had the publish come before the proxy subscribed, the probes' prev-ids show the same gap.
      await untilSubscribed(
        [reader],
        (probe) => publishEvent(bed, channel, { event: PROBE_EVENT, data: probe }).then(() => undefined),
        `of the event stream to ${channel}`,
        RECOVERY_MS,
      );
      await reader.untilCount(
        2,
        'the lost first event, which the proxy must fetch from the origin (Grip-Last at the start id), and the second',
        RECOVERY_MS,
      );
      // A later event shows that nothing came twice.
      const later = await publishEvent(bed, channel, { data: 'third' });
      await reader.untilCount(3, 'an event published after the recovery', RECOVERY_MS);
      expect(reader.events.map((event) => [event.data, event.lastEventId])).toEqual([
        ['first, publish lost', lost],
        ['second', next],
        ['third', later],
      ]);
    }, 60_000);
  });
}
