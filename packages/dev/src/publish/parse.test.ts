import { describe, expect, it } from 'vitest';
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
    expect(item.wsMessage).toEqual({ kind: 'message', type: 'text', content: Buffer.from('hi') });
    expect(item.httpStream).toBeUndefined();
  });

  it('reads content-bin as a binary message', () => {
    const item = one({ 'ws-message': { 'content-bin': Buffer.from([1, 2, 250]).toString('base64') } });
    expect(item.wsMessage).toEqual({ kind: 'message', type: 'binary', content: Buffer.from([1, 2, 250]) });
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
    expect(item.httpStream).toEqual({ kind: 'content', content: Buffer.from('event\n') });
    expect(item.httpResponse).toEqual({
      code: 201,
      reason: 'Made',
      headers: [['X-Pub', '1']],
      body: Buffer.from('{}'),
    });
    expect(one({ 'http-stream': { action: 'close' } }).httpStream).toEqual({ kind: 'close' });
  });

  it('defaults an http-response to 200 and accepts a header list', () => {
    const item = one({
      'http-response': { headers: [['A', 'b']], 'body-bin': Buffer.from('x').toString('base64') },
    });
    expect(item.httpResponse).toEqual({
      code: 200,
      reason: undefined,
      headers: [['A', 'b']],
      body: Buffer.from('x'),
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
});
