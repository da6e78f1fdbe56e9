import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkServerSentEvent, encodeServerSentEvent } from '../protocol.js';
import type { LoggedEvent, ServerSentEvent } from './event-log.js';
import { parseEventStream } from './test-support.js';

// Text as apps publish it (any Unicode, line breaks of every kind), and ids as logs give them out.
const text = fc.string({
  unit: fc.oneof(
    fc.constantFrom('\r', '\n', '\r\n', ' ', ':', '\0'),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
  ),
});
const noNul = text.map((value) => value.replace(/\0/g, ''));
const oneLine = noNul.map((value) => value.replace(/[\r\n]/g, ''));
const id = fc
  .stringMatching(/^[\x21-\x2b\x2d-\x3a\x3c-\x7e]{1,128}$/)
  .filter((value) => !value.includes('"'));
const event: fc.Arbitrary<LoggedEvent> = fc.record(
  { event: oneLine, data: noNul, id, retry: fc.maxSafeNat() },
  { requiredKeys: ['data', 'id'] },
);

// The browser sees every line break in data as LF.
const asRead = (data: string) => data.replace(/\r\n|\r/g, '\n');

describe('encodeServerSentEvent against the HTML standard reader', () => {
  it('gives the browser exactly the event published: type, data, id and retry', () => {
    fc.assert(
      fc.property(event, (published) => {
        const stream = parseEventStream(encodeServerSentEvent(published));
        expect(stream.events).toEqual([
          { type: published.event || 'message', data: asRead(published.data), lastEventId: published.id },
        ]);
        expect(stream.retry).toBe(published.retry);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps events apart when a stream carries several in a row', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 8 }), (published) => {
        const stream = parseEventStream(published.map(encodeServerSentEvent).join(''));
        expect(stream.events).toEqual(
          published.map((e) => ({ type: e.event || 'message', data: asRead(e.data), lastEventId: e.id })),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('refuses a type or id holding CR, LF or NUL, and data holding NUL, instead of writing a broken stream', () => {
    const breaking = fc
      .tuple(oneLine, fc.constantFrom('\r', '\n', '\0'), oneLine)
      .map(([a, bad, b]) => a + bad + b);
    fc.assert(
      fc.property(breaking, (bad) => {
        expect(() => encodeServerSentEvent({ id: '1', event: bad, data: 'x' })).toThrow(TypeError);
        expect(() => encodeServerSentEvent({ id: bad, data: 'x' })).toThrow(TypeError);
        if (bad.includes('\0'))
          expect(() => encodeServerSentEvent({ id: '1', data: bad })).toThrow(TypeError);
      }),
      { numRuns: 200 },
    );
  });
});

describe('checkServerSentEvent, as @faas-grip/core/protocol gives it to event logs', () => {
  it('passes only values a browser reads back unchanged, and refuses with a TypeError', () => {
    const field = fc.oneof(
      text,
      oneLine,
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.object(),
    );
    const candidate = fc.oneof(
      fc.anything(),
      fc.record({ data: field, event: field, retry: fc.oneof(field, fc.maxSafeNat()) }, { requiredKeys: [] }),
    );
    let passed = 0;
    let refused = 0;
    fc.assert(
      fc.property(candidate, (value) => {
        let refusal: unknown;
        try {
          checkServerSentEvent(value);
        } catch (error) {
          refusal = error;
        }
        if (refusal !== undefined) {
          expect(refusal).toBeInstanceOf(TypeError);
          refused++;
          return;
        }
        passed++;
        const checked = value as ServerSentEvent;
        const stream = parseEventStream(encodeServerSentEvent({ ...checked, id: '1' }));
        expect(stream.events).toEqual([
          { type: checked.event || 'message', data: asRead(checked.data), lastEventId: '1' },
        ]);
        expect(stream.retry).toBe(checked.retry);
      }),
      { numRuns: 500 },
    );
    // Both answers were exercised.
    expect([passed > 0, refused > 0]).toEqual([true, true]);
  });

  it('refuses what a browser could not read back as it was given', () => {
    const refusedValues: unknown[] = [
      null,
      'data: x',
      {},
      { data: 1 },
      { data: 'x', event: 'two\nlines' },
      { data: 'x', event: 'cr\r' },
      { data: 'nul\0' },
      { data: 'x', retry: -1 },
      { data: 'x', retry: 1.5 },
    ];
    for (const value of refusedValues) {
      expect(() => checkServerSentEvent(value), JSON.stringify(value)).toThrow(TypeError);
    }
    expect(() => checkServerSentEvent(null)).toThrow('must be an object, got null');
  });
});
