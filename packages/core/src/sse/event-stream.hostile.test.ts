import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { handleRequest } from '../handle-request.js';
import type { GripHandler } from '../handler.js';
import { isEventId } from './event-id.js';
import type { EventLog } from './event-log.js';
import { eventStream } from './event-stream.js';
import { memoryEventLog } from './memory-log.js';
import { parseEventStream } from './test-support.js';

const env = { GRIP_URL: 'http://pushpin.test:5561' };

async function run(handler: GripHandler, request: Request): Promise<Response> {
  // Failures reported to onError are the operator's; here only the client's answer counts.
  return handleRequest(
    handler,
    request,
    { env, waitUntil: () => {} },
    { allowUnsigned: true, onError: () => {} },
  );
}

/** A stream whose log holds three events; their ids. */
async function streamWithHistory() {
  const log = memoryEventLog();
  const ids: string[] = [];
  for (const data of ['a', 'b', 'c']) ids.push((await log.append('news', { data })).id);
  return { stream: eventStream('news', { log }), log, ids };
}

// A store that takes any id for a position it has caught up with: only hold's own check keeps a
// hostile id out of the prev-id then.
function credulousStream(newest: string) {
  const log: EventLog = {
    append: async () => ({ id: newest, prevId: 'start' }),
    read: async () => ({ status: 'ok', events: [], lastId: newest }),
  };
  return eventStream('news', { log });
}

// Ids a client, or a forged Grip-Last, may claim: any text, control characters, separators, very long ones.
const claimed = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: fc.constantFrom('\r', '\n', '\0', ',', ';', '"', ' ', 'a', '-', '1'), maxLength: 20 }),
  fc.string({ unit: 'grapheme-ascii', minLength: 129, maxLength: 400 }),
);

// Header values a client can send as they are (workerd warns about, and re-encodes, others).
function headerSafe(value: string): boolean {
  for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) > 0x7f) return false;
  try {
    new Headers({ 'Last-Event-ID': value });
    return true;
  } catch {
    return false;
  }
}

describe('eventStream hold against hostile positions', () => {
  it('treats any id that is not one of the log’s as unknown: a 200 reset, never reflected into Grip-Channel', async () => {
    const { stream, ids } = await streamWithHistory();
    const newest = ids[2]!;
    await fc.assert(
      fc.asyncProperty(
        claimed,
        fc.constantFrom('grip-last', 'header', 'query'),
        fc.boolean(),
        async (id, where, credulous) => {
          fc.pre(where !== 'header' || headerSafe(id));
          // A header value loses surrounding whitespace; an empty one says nothing (covered below).
          const seen = where === 'header' ? new Headers({ 'Last-Event-ID': id }).get('last-event-id')! : id;
          fc.pre(!ids.includes(seen) && seen !== '');
          // The credulous store would rightly take a well-formed id; only malformed ones must never reach a header.
          fc.pre(!credulous || !isEventId(seen));
          const url = new URL('http://origin.test/events');
          if (where === 'query') url.searchParams.set('lastEventId', id);
          const headers = where === 'header' ? { 'Last-Event-ID': id } : undefined;
          const held = credulous ? credulousStream(newest) : stream;
          const response = await run(
            (request, ctx) =>
              held.hold(request, where === 'grip-last' ? { ...ctx, lastIds: new Map([['news', id]]) } : ctx),
            new Request(url, headers === undefined ? {} : { headers }),
          );
          expect(response.status).toBe(200);
          expect(response.headers.get('grip-channel')).toBe(`news; prev-id=${newest}`);
          const parsed = parseEventStream(await response.text());
          expect(parsed.events).toEqual([
            { type: 'reset', data: '{"reason":"too-old"}', lastEventId: newest },
          ]);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('answers any request path and query with a Grip-Link the proxy can parse and resolve back to it', async () => {
    const { stream } = await streamWithHistory();
    const segment = fc.string({ unit: 'binary', maxLength: 12 });
    await fc.assert(
      fc.asyncProperty(fc.array(segment, { maxLength: 4 }), segment, async (parts, query) => {
        const url = new URL('http://origin.test/');
        url.pathname = `/${parts.map(encodeURIComponent).join('/')}`;
        url.searchParams.set('q', query);
        const response = await run((request, ctx) => stream.hold(request, ctx), new Request(url));
        expect(response.status).toBe(200);
        const link = response.headers.get('grip-link') ?? '';
        const match = /^<([^<>\s,;"]*)>; rel=next$/.exec(link);
        expect(match).not.toBeNull();
        const resolved = new URL(match![1]!, 'http://origin.test/');
        expect(resolved.searchParams.get('q')).toBe(query);
        const segments = (path: string) => path.split('/').map(decodeURIComponent);
        expect(segments(resolved.pathname)).toEqual(segments(url.pathname));
      }),
      { numRuns: 150 },
    );
  });

  it('keeps a path starting with // on this origin instead of letting the proxy read it as a host', async () => {
    const { stream } = await streamWithHistory();
    const response = await run(
      (request, ctx) => stream.hold(request, ctx),
      new Request('http://origin.test//evil.example/steal?x=1'),
    );
    expect(response.headers.get('grip-link')).toBe('</.//evil.example/steal?x=1>; rel=next');
    const resolved = new URL('/.//evil.example/steal?x=1', 'http://origin.test/');
    expect([resolved.host, resolved.pathname]).toEqual(['origin.test', '//evil.example/steal']);
  });

  it('answers every method but GET with 405, whatever the client sends', async () => {
    const { stream } = await streamWithHistory();
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS']) {
      const response = await run(
        (request, ctx) => stream.hold(request, ctx),
        new Request('http://o.test/', { method }),
      );
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('GET');
    }
  });

  it('answers 503, not 500, when the log gives a newest id the proxy could not carry; skips such an event', async () => {
    const broken: EventLog = {
      append: async () => ({ id: 'x', prevId: 'start' }),
      read: async () => ({ status: 'ok', events: [{ id: 'a,b\r\n', data: 'x' }], lastId: 'a,b\r\n' }),
    };
    const hold: GripHandler = (request, ctx) => eventStream('news', { log: broken }).hold(request, ctx);
    const fresh = await run(hold, new Request('http://origin.test/'));
    expect(fresh.status).toBe(503);
    expect(fresh.headers.get('grip-channel')).toBeNull();
    // A replay leaves the event out rather than failing everyone behind it, and copies the id nowhere.
    const behind = await run(hold, new Request('http://origin.test/', { headers: { 'Last-Event-ID': 'x' } }));
    expect(behind.status).toBe(200);
    expect(behind.headers.get('grip-channel')).toBe('news; prev-id=x');
    expect(await behind.text()).toBe('');
  });
});
