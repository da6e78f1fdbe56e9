import { describe, expect, it } from 'vitest';
import { checkServerSentEvent, encodeServerSentEvent } from './encode.js';
import { parseEventStream } from './test-support.js';

describe('encodeServerSentEvent', () => {
  it('writes event, id, retry and data fields, then the blank line that dispatches', () => {
    expect(encodeServerSentEvent({ event: 'headline', id: 'a-1', retry: 3000, data: '{"title":"Hi"}' })).toBe(
      'event: headline\nid: a-1\nretry: 3000\ndata: {"title":"Hi"}\n\n',
    );
  });

  it('leaves out the event and retry fields an event does not have', () => {
    expect(encodeServerSentEvent({ id: '7', data: 'x' })).toBe('id: 7\ndata: x\n\n');
  });

  it('splits data at CRLF, LF and CR into data lines, and sends empty data as one empty data line', () => {
    expect(encodeServerSentEvent({ id: '1', data: 'a\r\nb\nc\rd' })).toBe(
      'id: 1\ndata: a\ndata: b\ndata: c\ndata: d\n\n',
    );
    expect(encodeServerSentEvent({ id: '1', data: '' })).toBe('id: 1\ndata: \n\n');
    expect(parseEventStream(encodeServerSentEvent({ id: '1', data: '' })).events).toEqual([
      { type: 'message', data: '', lastEventId: '1' },
    ]);
  });

  it('keeps leading spaces and colons of data, which the browser would otherwise eat', () => {
    const text = encodeServerSentEvent({ id: '1', data: ' x\n: not a comment\n' });
    expect(parseEventStream(text).events[0]?.data).toBe(' x\n: not a comment\n');
  });

  it('refuses what would split a field or be read as another: line breaks or NUL in type or id, NUL in data', () => {
    expect(() => encodeServerSentEvent({ id: '1', event: 'a\nid: 9', data: 'x' })).toThrow(TypeError);
    expect(() => encodeServerSentEvent({ id: '1\r', data: 'x' })).toThrow(/id/);
    expect(() => encodeServerSentEvent({ id: '1', data: 'x\0' })).toThrow(/NUL/);
    expect(() => checkServerSentEvent({ data: 'x', retry: -1 })).toThrow(/retry/);
    expect(() => checkServerSentEvent({ data: 'x', retry: 1.5 })).toThrow(/retry/);
    expect(() => checkServerSentEvent({ data: 5 } as unknown as { data: string })).toThrow(/data/);
  });
});

describe('the test event stream reader', () => {
  it('reads the HTML standard examples the way a browser does', () => {
    const stream = parseEventStream(
      '\uFEFF: comment\ndata: first\n\ndata:second\r\ndata\r\r\nevent: add\nid: 5\ndata: 3\n\nid\ndata: no id\n\nretry: x\nretry: 250\ndata: unfinished',
    );
    expect(stream.events).toEqual([
      { type: 'message', data: 'first', lastEventId: '' },
      { type: 'message', data: 'second\n', lastEventId: '' },
      { type: 'add', data: '3', lastEventId: '5' },
      { type: 'message', data: 'no id', lastEventId: '' },
    ]);
    expect(stream.retry).toBe(250);
  });
});
