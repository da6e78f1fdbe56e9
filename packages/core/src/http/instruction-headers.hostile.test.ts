import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ChannelOptions, gripChannelHeader, prefixGripChannelHeader } from './channel.js';
import { holdLongPoll } from './hold.js';
import {
  gripExposeHeadersHeader,
  gripNextLinkHeader,
  gripSetMetaHeader,
  gripStatusHeader,
} from './instruction-headers.js';
import { gripKeepAliveHeader } from './keep-alive.js';

// A reader for Grip-* headers that follows Pushpin's (src/core/httpheaders.cpp,
// src/handler/instruct.cpp): values split at commas outside quoted strings;
// parameters split at `;`; a parameter value in quotes ends at the next
// unescaped quote, `\` escaping any character; the first parameter of a
// Grip-Channel or Grip-Link element is the raw text up to the first `;`.

const QT_SPACE = /^[ \t\n\v\f\r]+|[ \t\n\v\f\r]+$/g;
const trim = (text: string): string => text.replace(QT_SPACE, '');

function splitElements(value: string): string[] | undefined {
  const parts: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (quoted) {
      if (ch === '\\') i++;
      else if (ch === '"') quoted = false;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      parts.push(trim(value.slice(start, i)));
      start = i + 1;
    }
  }
  if (quoted) return undefined;
  parts.push(trim(value.slice(start)));
  return parts;
}

function parameters(element: string, rawFirst: boolean): Array<[string, string]> | undefined {
  const out: Array<[string, string]> = [];
  let at = 0;
  if (rawFirst) {
    const semi = element.indexOf(';');
    out.push([trim(semi === -1 ? element : element.slice(0, semi)), '']);
    at = semi === -1 ? element.length : semi + 1;
  }
  while (at < element.length) {
    const next = element.slice(at).search(/[=;]/);
    if (next === -1) {
      out.push([trim(element.slice(at)), '']);
      break;
    }
    const name = trim(element.slice(at, at + next));
    at += next;
    if (element[at] === ';') {
      out.push([name, '']);
      at++;
      continue;
    }
    at++;
    if (element[at] === '"') {
      let value = '';
      let i = at + 1;
      for (; i < element.length && element[i] !== '"'; i++) {
        if (element[i] === '\\') i++;
        if (i >= element.length) return undefined;
        value += element[i];
      }
      if (i >= element.length) return undefined;
      out.push([name, value]);
      const semi = element.indexOf(';', i);
      at = semi === -1 ? element.length : semi + 1;
    } else {
      const semi = element.indexOf(';', at);
      out.push([name, trim(semi === -1 ? element.slice(at) : element.slice(at, semi))]);
      at = semi === -1 ? element.length : semi + 1;
    }
  }
  return out;
}

/** Pushpin's cstring unescape: `\\`, `\r`, `\n`, `\xHH`. */
function unescapeCString(text: string): string {
  return text.replace(/\\(\\|r|n|x[0-9A-Fa-f]{2}|.)/g, (_m, esc: string) => {
    if (esc === '\\') return '\\';
    if (esc === 'r') return '\r';
    if (esc === 'n') return '\n';
    if (esc.startsWith('x')) return String.fromCharCode(Number.parseInt(esc.slice(1), 16));
    return '';
  });
}

/** Percent escapes decoded to bytes; anything else taken as UTF-8. */
function uriBytes(text: string): number[] {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; ) {
    if (text[i] === '%' && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(text.slice(i + 1, i + 3), 16));
      i += 3;
    } else {
      const point = text.codePointAt(i)!;
      const char = String.fromCodePoint(point);
      bytes.push(...new TextEncoder().encode(char));
      i += char.length;
    }
  }
  return bytes;
}

/** A header value that can never split a message: what `Headers` keeps exactly as given, no CR, LF or NUL. */
function expectSafeHeaderValue(value: string): void {
  expect(value).not.toMatch(/[\r\n\0]/);
  expect(value).toMatch(/^[\x20-\x7e]*$/);
  const headers = new Headers();
  headers.set('Grip-Test', value);
  expect(headers.get('Grip-Test')).toBe(value);
}

/** Runs `build`: it either throws an error of `kind` whose message starts as `prefix`, or returns a value to check. */
function refusedOr(
  build: () => string,
  kinds: Array<typeof TypeError | typeof RangeError>,
  prefix: RegExp,
  check: (value: string) => void,
): void {
  let value: string;
  try {
    value = build();
  } catch (error) {
    expect(kinds.some((kind) => error instanceof kind)).toBe(true);
    expect((error as Error).message).toMatch(prefix);
    return;
  }
  expectSafeHeaderValue(value);
  check(value);
}

// Strings an attacker or a careless app would hand over: ASCII with controls,
// any code point, lone surrogates, and every character with meaning in headers.
const hostileChar = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '\r',
      '\n',
      '\r\n',
      '\0',
      ',',
      ';',
      '"',
      '\\',
      '<',
      '>',
      '=',
      ' ',
      '\t',
      '%',
      '%41',
      '\uD800',
      'é',
      '\x7f',
    ),
  },
);
// Mostly printable with a rare hostile character, so that values the builders
// accept are common too and the parse-back side is exercised.
const nearlyPlain = fc.string({
  unit: fc.oneof(
    { weight: 30, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
    { weight: 1, arbitrary: hostileChar },
  ),
  maxLength: 12,
});
const hostile = fc.oneof(fc.string({ unit: hostileChar, maxLength: 16 }), nearlyPlain);
// Names are refused for nearly any stray character; valid ones need their own source.
const nameish = fc.oneof(hostile, fc.stringMatching(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,8}$/));
const many = { numRuns: 400 };

describe('Grip-* headers built from hostile input are refused or parse back exactly', () => {
  it('Grip-Channel: names, prev-ids and filters', () => {
    const channel = fc.record(
      { name: nameish, prevId: nameish, filters: fc.array(nameish, { maxLength: 2 }) },
      { requiredKeys: ['name'] },
    );
    fc.assert(
      fc.property(fc.array(channel, { minLength: 1, maxLength: 3 }), (channels: ChannelOptions[]) => {
        refusedOr(
          () => gripChannelHeader(channels),
          [TypeError],
          /^GRIP (channel|prev-id|filter) "/,
          (value) => {
            const elements = splitElements(value)!;
            expect(elements).toHaveLength(channels.length);
            elements.forEach((element, i) => {
              const params = parameters(element, true)!;
              const given = channels[i]!;
              expect(params[0]![0]).toBe(given.name);
              const prevIds = params.filter(([key]) => key === 'prev-id').map(([, v]) => v);
              expect(prevIds).toEqual(given.prevId === undefined ? [] : [given.prevId]);
              expect(params.filter(([key]) => key === 'filter').map(([, v]) => v)).toEqual(
                given.filters ?? [],
              );
              expect(params).toHaveLength(1 + prevIds.length + (given.filters?.length ?? 0));
            });
          },
        );
      }),
      many,
    );
  });

  it('Grip-Channel with a prefix: a prefix that would break the header is refused', () => {
    fc.assert(
      fc.property(hostile, (prefix) => {
        refusedOr(
          () => prefixGripChannelHeader('a; prev-id=1, b', prefix),
          [TypeError],
          /^GRIP channel prefix "/,
          (value) => {
            const names = splitElements(value)!.map((element) => parameters(element, true)![0]![0]);
            expect(names).toEqual(prefix === '' ? ['a', 'b'] : [`${prefix}a`, `${prefix}b`]);
          },
        );
      }),
      many,
    );
  });

  it('Grip-Set-Meta: names and values', () => {
    fc.assert(
      fc.property(fc.dictionary(nameish, hostile, { maxKeys: 3 }), (meta) => {
        refusedOr(
          () => gripSetMetaHeader(meta),
          [TypeError],
          /^Grip-Set-Meta (name|value) "/,
          (value) => {
            const entries = Object.entries(meta);
            if (entries.length === 0) return;
            const parsed = splitElements(value)!.map((element) => parameters(element, false)![0]!);
            expect(parsed).toEqual(entries);
          },
        );
      }),
      many,
    );
  });

  it('Grip-Link: a URI is percent-encoded into one `<…>` element, or refused', () => {
    fc.assert(
      fc.property(
        hostile,
        fc.option(fc.integer({ min: 1, max: 600 }), { nil: undefined }),
        (uri, timeout) => {
          const next = timeout === undefined ? { uri } : { uri, timeout };
          refusedOr(
            () => gripNextLinkHeader(next),
            [TypeError],
            /^Grip-Link URI "/,
            (value) => {
              const elements = splitElements(value)!;
              expect(elements).toHaveLength(1);
              const params = parameters(elements[0]!, true)!;
              const link = params[0]![0];
              expect(link).toMatch(/^<[^<>]+>$/);
              const inner = link.slice(1, -1);
              // The same bytes, once percent escapes are decoded on both sides.
              expect(uriBytes(inner)).toEqual(uriBytes(uri));
              expect(() => new URL(inner, 'http://origin.test/')).not.toThrow();
              expect(params.slice(1)).toEqual(
                timeout === undefined
                  ? [['rel', 'next']]
                  : [
                      ['rel', 'next'],
                      ['timeout', String(timeout)],
                    ],
              );
            },
          );
        },
      ),
      many,
    );
  });

  it('Grip-Link: a link is never empty and its timeout is whole positive seconds', () => {
    expect(() => gripNextLinkHeader({ uri: '' })).toThrow(TypeError);
    // Rare in random strings, so named here: links with no host to resolve to.
    for (const uri of ['http://', '//', 'http:// x', 'https://[', 'ws://a b/']) {
      expect(() => gripNextLinkHeader({ uri })).toThrow(/^Grip-Link URI ".*" is not a URI reference/);
    }
    for (const timeout of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, 1e21]) {
      expect(() => gripNextLinkHeader({ uri: '/n', timeout })).toThrow(
        /Grip-Link timeout must be a positive number/,
      );
    }
    expect(gripNextLinkHeader({ uri: '/items?after=5>; rel=gone, <http://evil.test/' })).toBe(
      '</items?after=5%3E%3B%20rel=gone%2C%20%3Chttp://evil.test/>; rel=next',
    );
  });

  it('Grip-Expose-Headers: header names', () => {
    fc.assert(
      fc.property(fc.array(nameish, { minLength: 1, maxLength: 3 }), (names) => {
        refusedOr(
          () => gripExposeHeadersHeader(names),
          [TypeError],
          /^Grip-Expose-Headers name "/,
          (value) => {
            expect(splitElements(value)).toEqual(names);
          },
        );
      }),
      many,
    );
  });

  it('Grip-Status: codes 100–599 and a one-line reason', () => {
    const code = fc.oneof(
      fc.integer({ min: -10, max: 1_200 }),
      fc.double(),
      fc.constantFrom(100, 599, 99, 600),
    );
    fc.assert(
      fc.property(code, fc.option(hostile, { nil: undefined }), (statusCode, reason) => {
        const status = reason === undefined ? statusCode : { code: statusCode, reason };
        refusedOr(
          () => gripStatusHeader(status),
          [TypeError, RangeError],
          /^Grip-Status (code|reason) /,
          (value) => {
            // Pushpin: the code up to the first space, the reason after it.
            const space = value.indexOf(' ');
            const parsedCode = Number(space === -1 ? value : value.slice(0, space));
            expect(parsedCode).toBe(statusCode);
            expect(Number.isInteger(parsedCode) && parsedCode >= 100 && parsedCode <= 599).toBe(true);
            expect(space === -1 ? '' : value.slice(space + 1)).toBe(reason?.trim() ?? '');
          },
        );
      }),
      many,
    );
  });

  it('Grip-Keep-Alive: any text or bytes arrive as the same bytes', () => {
    const data = fc.oneof(hostile, fc.uint8Array({ maxLength: 12 }));
    fc.assert(
      fc.property(data, (given) => {
        refusedOr(
          () => gripKeepAliveHeader(given),
          [TypeError],
          /^Grip-Keep-Alive data must not be empty/,
          (value) => {
            const params = parameters(value, true)!;
            const format = params.find(([key]) => key === 'format')?.[1];
            const raw = params[0]![0];
            const bytes =
              format === 'base64'
                ? Uint8Array.from(atob(raw), (c) => c.charCodeAt(0))
                : Uint8Array.from(unescapeCString(raw), (c) => c.charCodeAt(0));
            expect(format === 'base64' || format === 'cstring').toBe(true);
            expect([...bytes]).toEqual([
              ...(typeof given === 'string' ? new TextEncoder().encode(given) : given),
            ]);
          },
        );
      }),
      many,
    );
  });

  it('a hold refuses the bad value with a message naming it, before any header is set', () => {
    expect(() => holdLongPoll('c', { status: { code: 200, reason: 'OK\r\nSet-Cookie: a=b' } })).toThrow(
      'Grip-Status reason "OK\\r\\nSet-Cookie: a=b" must be one line of visible ASCII and spaces',
    );
    expect(() => holdLongPoll('c', { status: 1_000 })).toThrow(
      new RangeError('Grip-Status code 1000 must be an integer from 100 to 599'),
    );
    expect(() => holdLongPoll('c', { meta: { 'user name': 'x' } })).toThrow(
      /^Grip-Set-Meta name "user name" must be an HTTP token/,
    );
    expect(() => holdLongPoll('c', { meta: { user: 'a"\nb' } })).toThrow(
      /^Grip-Set-Meta value "a\\"\\nb" for "user" must be printable ASCII/,
    );
    expect(() => holdLongPoll('c', { exposeHeaders: ['X-A, X-B'] })).toThrow(
      /^Grip-Expose-Headers name "X-A, X-B"/,
    );
    expect(() => holdLongPoll('c', { next: { uri: '/n\r\nX: y' } })).toThrow(
      /^Grip-Link URI "\/n\\r\\nX: y"/,
    );
    expect(() => holdLongPoll('c', { timeout: Number.POSITIVE_INFINITY })).toThrow(RangeError);
    expect(() => holdLongPoll('a\nb')).toThrow(/^GRIP channel "a\\nb" must be non-empty visible ASCII/);
  });
});
