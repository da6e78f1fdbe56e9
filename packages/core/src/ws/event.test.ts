import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WebSocketEventsError } from '../errors.js';
import {
  type DecodedWebSocketEvent,
  decodeWebSocketEvents,
  encodeWebSocketEventsBody,
  type WebSocketEventType,
} from './event.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('decodeWebSocketEvents', () => {
  it('reads the events Pushpin sends', () => {
    const events = decodeWebSocketEvents(bytes('OPEN\r\nTEXT 5\r\nhello\r\nPING 2\r\nhi\r\nDISCONNECT\r\n'));
    expect(events.map((e) => e.type)).toEqual(['OPEN', 'TEXT', 'PING', 'DISCONNECT']);
    expect(new TextDecoder().decode(events[1]!.content)).toBe('hello');
    expect(events[0]!.content).toBeUndefined();
  });

  it('keeps binary content that is not UTF-8 byte for byte', () => {
    const body = new Uint8Array([...bytes('BINARY 4\r\n'), 0xff, 0x00, 0x0d, 0x0a, 13, 10]);
    const [event] = decodeWebSocketEvents(body);
    expect(event?.type).toBe('BINARY');
    expect([...(event?.content ?? [])]).toEqual([0xff, 0x00, 0x0d, 0x0a]);
  });

  it('treats an empty body (a keep-alive) as no events', () => {
    expect(decodeWebSocketEvents(new Uint8Array())).toEqual([]);
  });

  it.each([
    ['a declared length longer than the body', 'TEXT 10\r\nhello\r\n', /declares 16 bytes but only 7 remain/],
    ['content not followed by CRLF', 'TEXT 2\r\nhello\r\n', /not followed by CRLF/],
    ['an unknown event', 'SHOUT 2\r\nhi\r\n', /Unknown WebSocket-over-HTTP event "SHOUT"/],
    ['a length that is not hex', 'TEXT zz\r\nhi\r\n', /expected hexadecimal digits/],
    ['a missing CRLF', 'OPEN', /no CRLF after event line at byte 0/],
    ['TEXT that is not UTF-8', 'TEXT 1\r\n\xff\r\n', /not valid UTF-8/],
  ])('refuses %s with a 400 that says what is wrong', (_, body, message) => {
    const raw = Uint8Array.from(body, (c) => c.charCodeAt(0));
    let caught: unknown;
    try {
      decodeWebSocketEvents(raw);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(WebSocketEventsError);
    expect((caught as WebSocketEventsError).status).toBe(400);
    expect((caught as Error).message).toMatch(message);
  });
});

const eventArb: fc.Arbitrary<DecodedWebSocketEvent> = fc.oneof(
  fc.constantFrom<WebSocketEventType>('OPEN', 'DISCONNECT').map((type) => ({ type, content: undefined })),
  fc
    .string({ unit: 'grapheme', maxLength: 64 })
    .map((text) => ({ type: 'TEXT' as const, content: bytes(text) })),
  fc
    .record({
      type: fc.constantFrom<WebSocketEventType>('BINARY', 'PING', 'PONG', 'CLOSE'),
      content: fc.uint8Array({ maxLength: 300 }),
    })
    .map(({ type, content }) => ({ type, content })),
);

describe('codec representation', () => {
  it('gives content as views into the body, and TEXT decoded once into text', () => {
    const body = bytes('TEXT 6\r\nhé!!!\r\nBINARY 2\r\nab\r\n');
    const [text, binary] = decodeWebSocketEvents(body);
    expect(text!.content!.buffer).toBe(body.buffer);
    expect(binary!.content!.buffer).toBe(body.buffer);
    expect(text!.text).toBe('hé!!!');
    expect(binary!.text).toBeUndefined();
  });

  it('writes string content exactly as TextEncoder would, lone surrogates included', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 40 }), { maxLength: 8 }), (texts) => {
        const asStrings = encodeWebSocketEventsBody(texts.map((content) => ({ type: 'TEXT', content })));
        const asBytes = encodeWebSocketEventsBody(
          texts.map((content) => ({ type: 'TEXT', content: bytes(content) })),
        );
        // Compared as text of the bytes: a deep toEqual of byte arrays is slow
        // enough to time out on a loaded machine.
        expect(Array.from(asStrings).join()).toBe(Array.from(asBytes).join());
      }),
    );
  });

  it('refuses an event type that is not in the protocol', () => {
    // @ts-expect-error: the mistake under test
    expect(() => encodeWebSocketEventsBody([{ type: 'TEXT\r\nOPEN' }])).toThrow(TypeError);
  });
});

describe('codec properties', () => {
  it('decodes what it encodes, for any batch of events', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 20 }), (events) => {
        const decoded = decodeWebSocketEvents(encodeWebSocketEventsBody(events));
        expect(decoded.map((e) => e.type)).toEqual(events.map((e) => e.type));
        expect(decoded.map((e) => (e.content ? [...e.content] : null))).toEqual(
          events.map((e) => (e.content ? [...e.content] : null)),
        );
      }),
    );
  });

  it('answers a truncated body with WebSocketEventsError and nothing else', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { minLength: 1, maxLength: 10 }), fc.nat(), (events, cut) => {
        const body = encodeWebSocketEventsBody(events);
        const truncated = body.subarray(0, cut % body.length);
        try {
          decodeWebSocketEvents(truncated);
        } catch (error) {
          expect(error).toBeInstanceOf(WebSocketEventsError);
        }
      }),
    );
  });

  it('answers arbitrary bytes either with events or with WebSocketEventsError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (body) => {
        try {
          const events = decodeWebSocketEvents(body);
          expect(Array.isArray(events)).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(WebSocketEventsError);
        }
      }),
    );
  });

  it('answers a corrupted byte in a valid body with events or WebSocketEventsError', () => {
    fc.assert(
      fc.property(
        fc.array(eventArb, { minLength: 1, maxLength: 10 }),
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
        (events, at, value) => {
          const body = encodeWebSocketEventsBody(events);
          body[at % body.length] = value;
          try {
            decodeWebSocketEvents(body);
          } catch (error) {
            expect(error).toBeInstanceOf(WebSocketEventsError);
          }
        },
      ),
    );
  });
});
