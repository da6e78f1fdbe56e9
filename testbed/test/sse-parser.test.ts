import { describe, expect, test } from 'vitest';
import type { ReceivedEvent } from '../src/suite/sse-parser.js';
import { SseParser } from '../src/suite/sse-parser.js';

/** Parses `chunks` (as they would arrive) and returns the parser and what it dispatched. */
function parse(...chunks: (string | Uint8Array)[]): { parser: SseParser; events: ReceivedEvent[] } {
  const events: ReceivedEvent[] = [];
  const parser = new SseParser((event) => events.push(event));
  for (const chunk of chunks)
    parser.push(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk);
  parser.finish();
  return { parser, events };
}

// The suite's reader must read a stream as a browser does, or its tests prove
// nothing about EventSource; these are the HTML standard's parsing rules.
describe("the suite's event stream parser", () => {
  test('fields, one dropped space after the colon, multi-line data and the default type', () => {
    const { events } = parse('event: headline\nid: 1\ndata: a\ndata:  b\n\ndata:c\n\n');
    expect(events).toEqual([
      { type: 'headline', data: 'a\n b', lastEventId: '1' },
      { type: 'message', data: 'c', lastEventId: '1' },
    ]);
  });

  test('CRLF, LF and CR end lines, also when a CRLF is split between chunks', () => {
    const { events } = parse('data: one\r', '\n\r', '\ndata: two\r\rdata: three\n\n');
    expect(events.map((event) => event.data)).toEqual(['one', 'two', 'three']);
  });

  test('a leading BOM, comments and unknown fields are ignored; a bare "data" line is an empty event', () => {
    const bom = Uint8Array.from([0xef, 0xbb, 0xbf]);
    const { events, parser } = parse(bom, ':\n\n: hi\nfoo: bar\ndata\n\n');
    expect(events).toEqual([{ type: 'message', data: '', lastEventId: '' }]);
    expect(parser.comments).toBe(2);
    expect(parse(bom, 'data: x\n\n').events).toEqual([{ type: 'message', data: 'x', lastEventId: '' }]);
  });

  test('an id with NUL is ignored, an event without data only moves the id, retry needs digits', () => {
    const { events, parser } = parse('id: 7\n\nid: a\0b\nretry: 12x\ndata: d\n\nretry: 250\n\n');
    expect(events).toEqual([{ type: 'message', data: 'd', lastEventId: '7' }]);
    expect(parser.lastEventId).toBe('7');
    expect(parser.retry).toBe(250);
  });

  test('an event the stream ends in the middle of is discarded', () => {
    const { events } = parse('data: complete\n\ndata: cut off\n');
    expect(events.map((event) => event.data)).toEqual(['complete']);
  });
});
