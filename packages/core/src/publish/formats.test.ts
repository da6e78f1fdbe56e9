import * as grip from '@fanoutio/grip';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WebSocketCloseFormat } from '../ws/close-format.js';
import { HttpResponseFormat, HttpStreamFormat, WebSocketMessageFormat } from './formats.js';
import { exportItem, Item } from './item.js';

// Core's format classes stand in for @fanoutio/grip's: whatever a program
// constructs, the exported JSON (what is published) must be the same.

const content = fc.oneof(
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
  fc.uint8Array({ maxLength: 3000 }),
  fc.constant(null),
);
const text = fc.option(fc.string({ unit: 'binary' }), { nil: null });
const headers = fc.option(fc.dictionary(fc.string(), fc.string()), { nil: null });
const code = fc.option(fc.integer({ min: 100, max: 599 }).map(String), { nil: null });

/** Construction outcome: the exported JSON, or the error message. */
function outcome(make: () => { export(): unknown; name(): string }): unknown {
  try {
    const format = make();
    return { name: format.name(), exported: format.export() };
  } catch (error) {
    return { threw: (error as Error).message };
  }
}

describe('publish formats export what @fanoutio/grip exports', () => {
  it('ws-message: text, bytes (base64), close with or without a code, no content', () => {
    fc.assert(
      fc.property(
        content,
        fc.boolean(),
        fc.option(fc.integer(), { nil: undefined }),
        (c, close, closeCode) => {
          expect(outcome(() => new WebSocketMessageFormat(c, close, closeCode))).toEqual(
            outcome(() => new grip.WebSocketMessageFormat(c, close, closeCode)),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('http-stream: text, bytes (base64), close, no content', () => {
    fc.assert(
      fc.property(content, fc.boolean(), (c, close) => {
        expect(outcome(() => new HttpStreamFormat(c, close))).toEqual(
          outcome(() => new grip.HttpStreamFormat(c, close)),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('http-response: positional and object arguments, text and byte bodies', () => {
    fc.assert(
      fc.property(code, text, headers, content, (status, reason, fields, body) => {
        expect(outcome(() => new HttpResponseFormat(status, reason, fields, body))).toEqual(
          outcome(() => new grip.HttpResponseFormat(status, reason, fields, body)),
        );
        const params = { code: status, reason, headers: fields, body };
        expect(outcome(() => new HttpResponseFormat(params))).toEqual(
          outcome(() => new grip.HttpResponseFormat(params)),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('the forms the README and the chat use', () => {
    const cases: Array<[{ export(): unknown }, { export(): unknown }]> = [
      [new WebSocketMessageFormat('hi'), new grip.WebSocketMessageFormat('hi')],
      [new HttpStreamFormat('event: x\n\n'), new grip.HttpStreamFormat('event: x\n\n')],
      [new HttpStreamFormat(null, true), new grip.HttpStreamFormat(null, true)],
      [new HttpResponseFormat({ body: 'done\n' }), new grip.HttpResponseFormat({ body: 'done\n' })],
      [new HttpResponseFormat(), new grip.HttpResponseFormat()],
      [new WebSocketMessageFormat(null, true, 4000), new grip.WebSocketMessageFormat(null, true, 4000)],
    ];
    for (const [ours, theirs] of cases) expect(ours.export()).toEqual(theirs.export());
  });

  it('a numeric http-response code given positionally is kept (grip reads it as an empty object)', () => {
    expect(new HttpResponseFormat(404 as unknown as string).export()).toEqual({ code: 404 });
  });

  it('items: formats by name, id and prev-id, a repeated format name refused', () => {
    const id = fc.option(fc.string(), { nil: undefined });
    fc.assert(
      fc.property(content, id, id, (c, itemId, prevId) => {
        const ours = outcome(() => {
          const item = new Item(
            [new WebSocketMessageFormat(c, c === null), new HttpStreamFormat(c, c === null)],
            itemId,
            prevId,
          );
          return { name: () => 'item', export: () => item.export() };
        });
        const theirs = outcome(() => {
          const formats = [
            new grip.WebSocketMessageFormat(c, c === null),
            new grip.HttpStreamFormat(c, c === null),
          ];
          const item = new grip.Item(formats, itemId, prevId);
          return { name: () => 'item', export: () => item.export() };
        });
        expect(ours).toEqual(theirs);
      }),
      { numRuns: 200 },
    );
    const twice = new Item([new WebSocketMessageFormat('a'), new WebSocketMessageFormat('b')]);
    expect(() => twice.export()).toThrow('More than one instance of ws-message specified');
    // A name that is also an Object.prototype member is an ordinary name.
    const odd = { name: () => 'toString', export: () => ({ content: 'x' }) };
    expect(new Item(odd).export()).toEqual({ formats: { toString: { content: 'x' } } });
  });

  it('publish bodies are the same whichever library made the formats', () => {
    fc.assert(
      fc.property(content, fc.string(), (c, id) => {
        const body = (formats: Array<{ name(): string; export(): grip.IFormatExport }>) =>
          JSON.stringify(exportItem('room', formats, { id }));
        const ours = [
          new WebSocketMessageFormat(c, c === null),
          // A response without a body is refused before export (Pushpin refuses it too).
          new HttpResponseFormat({ code: '200', body: c ?? '' }),
        ];
        const theirs = [
          new grip.WebSocketMessageFormat(c, c === null),
          new grip.HttpResponseFormat({ code: '200', body: c ?? '' }),
        ];
        expect(body(ours)).toBe(body(theirs));
      }),
      { numRuns: 200 },
    );
  });

  it('the close format adds the reason to the close action', () => {
    expect(new WebSocketCloseFormat(4100, 'kicked').export()).toEqual({
      action: 'close',
      code: 4100,
      reason: 'kicked',
    });
    expect(new WebSocketCloseFormat().export()).toEqual(
      new grip.WebSocketMessageFormat(null, true, 1000).export(),
    );
  });
});
