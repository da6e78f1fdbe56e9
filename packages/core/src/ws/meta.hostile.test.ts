import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WebSocketContext } from './context.js';
import { keepAliveControl, setMetaControl, subscribeControl } from './control.js';
import { decodeWebSocketEvents } from './event.js';
import { decodeMetaValue, encodeMetaValue } from './meta.js';

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// What UTF-8 can carry of a string: lone surrogates become U+FFFD.
const wellFormed = (text: string) => new TextDecoder().decode(new TextEncoder().encode(text));

function context(): WebSocketContext {
  return new WebSocketContext({ id: 'c1', meta: {}, events: [{ type: 'OPEN', content: undefined }] });
}

async function answer(ws: WebSocketContext) {
  const response = ws.toResponse();
  return { response, events: decodeWebSocketEvents(new Uint8Array(await response.arrayBuffer())) };
}

const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)), maxLength: 40 }),
  fc.constantFrom('', ' ', ' padded ', "UTF-8''x", 'a\r\nSet-Meta-Role: admin', '\u0000', '\ud800'),
);

describe('setMeta names are header tokens', () => {
  it.each([
    ['', /is empty/],
    ['a b', /not a header token/],
    ['a\r\nX-Evil: 1', /not a header token/],
    ['role:', /not a header token/],
    ['rôle', /not a header token/],
    ['faas-grip-mac', /reserved/],
    ['__proto__', /reserved/],
  ])('%j throws a TypeError naming the problem', (name, problem) => {
    const ws = context();
    expect(() => ws.setMeta(name, 'x')).toThrow(TypeError);
    expect(() => ws.setMeta(name, 'x')).toThrow(problem);
    expect(() => setMetaControl(name, 'x')).toThrow(TypeError);
  });

  it('any name that is not a token is refused; any token is sent lower-case', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 12 }), (name) => {
        const ws = context();
        const key = name.toLowerCase();
        if (!TOKEN.test(name) || key === 'faas-grip-mac' || key === '__proto__') {
          expect(() => ws.setMeta(name, 'v')).toThrow(TypeError);
          return;
        }
        ws.setMeta(name, 'v');
        ws.accept();
        const control = JSON.parse(new TextDecoder().decode(ws.getOutgoingEvents()[1]!.content!).slice(2));
        expect(control).toEqual({ type: 'set-meta', name: key, value: 'v' });
        expect(ws.toResponse().headers.get(`set-meta-${key}`)).toBe('v');
      }),
    );
  });
});

describe('meta values from app input cannot inject a header or a control', () => {
  it('encodeMetaValue gives a header value that travels intact and decodes to the text', () => {
    fc.assert(
      fc.property(anyText, (value) => {
        const wire = encodeMetaValue(value);
        expect(wire).toMatch(/^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/);
        // Headers strip surrounding whitespace and refuse CR, LF and NUL.
        expect(new Headers([['set-meta-x', wire]]).get('set-meta-x')).toBe(wire);
        expect(decodeMetaValue(wire)).toBe(wellFormed(value));
      }),
    );
  });

  it('ws.meta and setMeta values come back through the proxy as written, with no extra header', async () => {
    await fc.assert(
      fc.asyncProperty(anyText, anyText, async (a, b) => {
        const ws = context();
        ws.accept();
        ws.meta.a = a;
        ws.setMeta('b', b);
        const { response, events } = await answer(ws);
        const setMeta = [...response.headers].filter(([name]) => name.startsWith('set-meta-'));
        expect(setMeta.map(([name]) => name).sort()).toEqual(['set-meta-a', 'set-meta-b']);
        expect(events.map((e) => e.type)).toEqual(['OPEN', 'TEXT']);
        const next = new WebSocketContext({
          id: 'c1',
          meta: Object.fromEntries(setMeta.map(([name, value]) => [name.slice(9), decodeMetaValue(value)])),
          events: [],
        });
        expect(next.meta).toEqual({ a: wellFormed(a), b: wellFormed(b) });
      }),
    );
  });
});

describe('control messages cannot break the framing', () => {
  it('any channel, filter or keep-alive text is one event whose JSON reads back', async () => {
    await fc.assert(
      fc.asyncProperty(
        anyText.filter((c) => c !== ''),
        anyText,
        async (channel, content) => {
          const ws = context();
          ws.accept();
          ws.subscribe(channel, [content]);
          ws.unsubscribe(channel);
          ws.keepAlive({ content });
          const { events } = await answer(ws);
          expect(events.map((e) => e.type)).toEqual(['OPEN', 'TEXT', 'TEXT', 'TEXT']);
          const [subscribe, unsubscribe, keepAlive] = events
            .slice(1)
            .map((e) => JSON.parse(e.text!.slice(2)));
          // JSON escapes even a lone surrogate, so every text reads back exactly.
          expect(subscribe).toEqual({ type: 'subscribe', channel, filters: [content] });
          expect(unsubscribe).toEqual({ type: 'unsubscribe', channel });
          expect(keepAlive).toEqual({ type: 'keep-alive', content });
        },
      ),
    );
  });

  it('refuses an empty channel and keep-alive options outside the protocol', () => {
    expect(() => subscribeControl('')).toThrow(TypeError);
    expect(() => context().subscribe('')).toThrow(/non-empty/);
    // @ts-expect-error: the mistake under test
    expect(() => keepAliveControl({ content: 'x', mode: 'idle\r\n' })).toThrow(RangeError);
    // @ts-expect-error: the mistake under test
    expect(() => keepAliveControl({ content: 'x', messageType: 'close' })).toThrow(RangeError);
  });
});
