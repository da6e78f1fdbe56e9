import { validateHeaderName, validateHeaderValue } from 'node:http';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utf8 } from '../bytes.js';
import { publishBody } from './items.arbitrary.js';
import { PublishFormatError, parsePublishBody } from './parse.js';

const one = (formats: unknown, extra: Record<string, unknown> = {}) =>
  parsePublishBody(JSON.stringify({ items: [{ channel: 'room', formats, ...extra }] }))[0]!;

function refusal(body: string): string {
  try {
    parsePublishBody(body);
  } catch (error) {
    expect(error).toBeInstanceOf(PublishFormatError);
    return (error as Error).message;
  }
  throw new Error('expected the body to be refused');
}

describe('parsePublishBody', () => {
  it('reads a text ws-message with id and prev-id', () => {
    const item = one({ 'ws-message': { content: 'hi' } }, { id: '2', 'prev-id': '1' });
    expect(item).toMatchObject({ channel: 'room', id: '2', prevId: '1' });
    expect(item.wsMessage).toEqual({ kind: 'message', type: 'text', content: utf8('hi') });
    expect(item.httpStream).toBeUndefined();
  });

  it("reads no-seq, as Pushpin's publish items carry it", () => {
    expect(one({ 'http-stream': { action: 'close' } }, { 'prev-id': '9', 'no-seq': true })).toMatchObject({
      prevId: '9',
      noSeq: true,
    });
    expect(one({ 'http-stream': { action: 'close' } }, { 'no-seq': false }).noSeq).toBeUndefined();
    expect(refusal(JSON.stringify({ items: [{ channel: 'c', 'no-seq': 'yes', formats: {} }] }))).toBe(
      "Invalid format: publish item object contains 'no-seq' with wrong type (items[0])",
    );
  });

  it('reads content-bin as a binary message', () => {
    const item = one({ 'ws-message': { 'content-bin': 'AQL6' } });
    expect(item.wsMessage).toEqual({ kind: 'message', type: 'binary', content: new Uint8Array([1, 2, 250]) });
  });

  it('reads a close action with code and reason', () => {
    const item = one({ 'ws-message': { action: 'close', code: 4100, reason: 'kicked' } });
    expect(item.wsMessage).toEqual({ kind: 'close', code: 4100, reason: 'kicked' });
  });

  it('reads http-stream content and close, and http-response with headers', () => {
    const item = one({
      'http-stream': { content: 'event\n' },
      'http-response': { code: 201, reason: 'Made', headers: { 'X-Pub': '1' }, body: '{}' },
    });
    expect(item.httpStream).toEqual({ kind: 'content', content: utf8('event\n') });
    expect(item.httpResponse).toEqual({
      code: 201,
      reason: 'Made',
      headers: [['X-Pub', '1']],
      body: utf8('{}'),
    });
    expect(one({ 'http-stream': { action: 'close' } }).httpStream).toEqual({ kind: 'close' });
  });

  it('defaults an http-response to 200 and accepts a header list', () => {
    const item = one({
      'http-response': { headers: [['A', 'b']], 'body-bin': 'eA==' },
    });
    expect(item.httpResponse).toEqual({
      code: 200,
      reason: undefined,
      headers: [['A', 'b']],
      body: utf8('x'),
    });
  });

  it('takes an http-response code given as a numeric string', () => {
    expect(one({ 'http-response': { code: '201', body: '' } }).httpResponse?.code).toBe(201);
  });

  it('accepts an empty item list', () => {
    expect(parsePublishBody('{"items":[]}')).toEqual([]);
  });

  it("answers malformed bodies with Pushpin's messages", () => {
    expect(refusal('not json')).toBe('Body is not valid JSON.');
    expect(refusal('[1]')).toBe('Invalid format.');
    expect(refusal('{}')).toBe("Invalid format: object does not contain 'items'");
    expect(refusal('{"items":{}}')).toBe("Invalid format: object contains 'items' with wrong type");
    expect(refusal('{"items":[1]}')).toBe('Invalid format: publish item object is not an object (items[0])');
    expect(refusal('{"items":[{"formats":{"ws-message":{"content":"x"}}}]}')).toBe(
      "Invalid format: publish item object does not contain 'channel' (items[0])",
    );
    expect(refusal('{"items":[{"channel":"a","formats":{}}]}')).toBe(
      'Invalid format: no formats specified (items[0])',
    );
    expect(refusal('{"items":[{"channel":"a","formats":{"ws-message":{}}}]}')).toBe(
      "Invalid format: 'ws-message' does not contain 'content' or 'content-bin' (items[0])",
    );
    expect(refusal('{"items":[{"channel":"a","formats":{"ws-message":{"content":5}}}]}')).toBe(
      "Invalid format: 'ws-message' contains 'content' with wrong type (items[0])",
    );
    expect(refusal('{"items":[{"channel":"a","id":5,"formats":{"ws-message":{"content":"x"}}}]}')).toBe(
      "Invalid format: publish item object contains 'id' with wrong type (items[0])",
    );
    expect(
      refusal('{"items":[{"channel":"a","formats":{"http-response":{"headers":{"a":1},"body":""}}}]}'),
    ).toBe("Invalid format: headers contains 'a' with wrong type (items[0])");
  });

  it('refuses what Pushpin would accept but never deliver', () => {
    expect(refusal('{"items":[{"channel":"a","formats":{"sse":{}}}]}')).toMatch(/unknown format "sse"/);
    expect(refusal('{"items":[{"channel":"a","formats":{"ws-message":{"content-bin":"!!!"}}}]}')).toMatch(
      /not base64/,
    );
    expect(
      refusal('{"items":[{"channel":"a","formats":{"ws-message":{"action":"close","code":1006}}}]}'),
    ).toMatch(/close code 1006 cannot be sent/);
    expect(refusal('{"items":[{"channel":"","formats":{"ws-message":{"content":"x"}}}]}')).toMatch(/empty/);
    expect(refusal('{"items":[{"channel":"a","formats":{"http-response":{"code":"x","body":""}}}]}')).toMatch(
      /not a final HTTP status/,
    );
  });

  it('refuses a ping or pong over 125 bytes, which no WebSocket frame can carry', () => {
    expect(one({ 'ws-message': { type: 'ping', content: 'x'.repeat(125) } }).wsMessage).toMatchObject({
      type: 'ping',
    });
    expect(
      refusal(
        JSON.stringify({
          items: [{ channel: 'a', formats: { 'ws-message': { type: 'pong', content: 'x'.repeat(126) } } }],
        }),
      ),
    ).toBe('Invalid format: ws-message pong content is 126 bytes; a pong carries at most 125 (items[0])');
  });

  it('refuses headers and reasons that would split the response, and framing headers', () => {
    const response = (value: Record<string, unknown>) =>
      refusal(
        JSON.stringify({ items: [{ channel: 'a', formats: { 'http-response': { body: '', ...value } } }] }),
      );
    expect(response({ headers: { 'X-A': 'a\r\nb' } })).toMatch(
      /header "X-A" has a value with control characters/,
    );
    expect(response({ reason: 'OK\nX: y' })).toMatch(/reason has control characters/);
    expect(response({ headers: { 'Transfer-Encoding': 'chunked' } })).toMatch(/is set by the proxy/);
    expect(response({ code: 101 })).toMatch(/not a final HTTP status/);
  });

  it('names the item a refusal is about', () => {
    const ok = { channel: 'a', formats: { 'ws-message': { content: 'x' } } };
    expect(refusal(JSON.stringify({ items: [ok, ok, { channel: 'a' }] }))).toBe(
      "Invalid format: publish item object does not contain 'formats' (items[2])",
    );
  });

  it('returns only items that can be delivered, and refuses the rest with a reason naming the item', () => {
    fc.assert(
      fc.property(publishBody, (body) => {
        let items: ReturnType<typeof parsePublishBody>;
        try {
          items = parsePublishBody(JSON.stringify(body));
        } catch (error) {
          expect(error).toBeInstanceOf(PublishFormatError);
          expect((error as Error).message).toMatch(/^(Body is not valid JSON\.|Invalid format\b.*)$/s);
          return;
        }
        for (const item of items) {
          expect(item.channel).not.toBe('');
          const ws = item.wsMessage;
          if (ws?.kind === 'message' && (ws.type === 'ping' || ws.type === 'pong')) {
            expect(ws.content.length).toBeLessThanOrEqual(125);
          }
          if (ws?.kind === 'close') expect(utf8(ws.reason).length).toBeLessThanOrEqual(123);
          const response = item.httpResponse;
          if (response !== undefined) {
            expect(response.code).toBeGreaterThanOrEqual(200);
            for (const [name, value] of response.headers) {
              validateHeaderName(name);
              validateHeaderValue(name, value);
            }
            if (response.reason !== undefined) validateHeaderValue('reason', response.reason);
          }
        }
      }),
      { numRuns: 2000 },
    );
  });
});
