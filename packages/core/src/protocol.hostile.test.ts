import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  fieldBytes,
  isFieldText,
  isPublishableHeaderName,
  isPublishableStatus,
  isSendableCloseCode,
  MAX_CLOSE_REASON_BYTES,
  MAX_CONTROL_PAYLOAD_BYTES,
} from './protocol.js';
import {
  HttpResponseFormat,
  type IFormat,
  type IFormatExport,
  WebSocketMessageFormat,
} from './publish/formats.js';
import { Item } from './publish/item.js';
import { createPublisher } from './publish/publisher.js';
import { standInProxies } from './publish/test-support.js';

function publisher() {
  const proxies = standInProxies({ 'p.test': () => ({ status: 200 }) });
  return { proxies, publisher: createPublisher({ GRIP_URL: 'http://p.test' }, { fetch: proxies.fetch }) };
}

/** A C0 control other than tab, or DEL: what would split a response line. */
function hasControl(text: string): boolean {
  return Array.from(text).some((c) => {
    const code = c.codePointAt(0) ?? 0;
    return (code < 0x20 && code !== 0x09) || code === 0x7f;
  });
}

/** A format exporting exactly `exported`, as a hand-written IFormat would. */
function rawFormat(name: string, exported: Record<string, unknown>): IFormat {
  return { name: () => name, export: () => ({ ...exported }) as IFormatExport };
}

describe('ws-message closes are checked before sending, by the rule the dev proxy uses', () => {
  it('a close code is published exactly when an endpoint may send it (RFC 6455 §7.4)', async () => {
    const { proxies, publisher: pub } = publisher();
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: -10, max: 70_000 }), async (code) => {
        const before = proxies.requests.length;
        const outcome = await pub.publish('room', new WebSocketMessageFormat(null, true, code)).then(
          () => 'sent',
          (error: unknown) => error,
        );
        if (isSendableCloseCode(code)) {
          expect(outcome).toBe('sent');
          expect(proxies.requests.length).toBe(before + 1);
        } else {
          expect(outcome).toEqual(
            new RangeError(
              `ws-message close code ${code} cannot be sent: use 1000-1003, 1007-1014 or 3000-4999`,
            ),
          );
          expect(proxies.requests.length).toBe(before);
        }
        // The family the dev proxy once answered "200 Published" for, then closed with 1005.
        if (code >= 1016 && code <= 2999) expect(outcome).not.toBe('sent');
      }),
      { numRuns: 400 },
    );
  });

  it('a close reason longer than a close frame holds is refused, one that fits is sent', async () => {
    const { proxies, publisher: pub } = publisher();
    // 61 two-byte characters and one byte: exactly the 123 that fit.
    const fits = `${'é'.repeat(61)}x`;
    expect(new TextEncoder().encode(fits).length).toBe(MAX_CLOSE_REASON_BYTES);
    await pub.publish('room', rawFormat('ws-message', { action: 'close', code: 4000, reason: fits }));
    await expect(
      pub.publish('room', rawFormat('ws-message', { action: 'close', code: 4000, reason: `${fits}x` })),
    ).rejects.toThrow(
      new RangeError('ws-message close reason is 124 bytes; at most 123 fit in a close frame'),
    );
    expect(proxies.requests).toHaveLength(1);
  });

  it('a ping or pong over 125 bytes is refused, as text or base64', async () => {
    const { proxies, publisher: pub } = publisher();
    const ok = 'p'.repeat(MAX_CONTROL_PAYLOAD_BYTES);
    await pub.publish('room', rawFormat('ws-message', { type: 'ping', content: ok }));
    await pub.publish('room', rawFormat('ws-message', { type: 'pong', 'content-bin': btoa(ok) }));
    await expect(
      pub.publish('room', rawFormat('ws-message', { type: 'ping', content: `${ok}p` })),
    ).rejects.toThrow('ws-message ping content is 126 bytes; a ping carries at most 125');
    await expect(
      pub.publish('room', rawFormat('ws-message', { type: 'pong', 'content-bin': btoa(`${ok}p`) })),
    ).rejects.toThrow('ws-message pong content is 126 bytes; a pong carries at most 125');
    expect(proxies.requests).toHaveLength(2);
  });
});

describe('http-response content is checked before sending, by the rule the dev proxy uses', () => {
  it('a response without a body is refused, as Pushpin refuses it; an empty body is sent', async () => {
    const { proxies, publisher: pub } = publisher();
    await expect(pub.publish('poll', new HttpResponseFormat({ code: 200 }))).rejects.toThrow(
      new TypeError('http-response needs a body (an empty string for none)'),
    );
    await pub.publish('poll', new HttpResponseFormat({ code: 204, body: '' }));
    expect(proxies.requests).toHaveLength(1);
  });

  it('a status is published exactly when it is final (200-599)', async () => {
    const { proxies, publisher: pub } = publisher();
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 1200 }), async (code) => {
        const before = proxies.requests.length;
        const sent = await pub.publish('poll', new HttpResponseFormat({ code, body: 'x' })).then(
          () => true,
          () => false,
        );
        expect(sent).toBe(code >= 200 && code <= 599);
        expect(isPublishableStatus(code)).toBe(sent);
        expect(proxies.requests.length).toBe(before + (sent ? 1 : 0));
      }),
      { numRuns: 300 },
    );
  });

  it('connection headers are the proxy’s, in any case; Content-Length and ordinary headers pass', async () => {
    const { proxies, publisher: pub } = publisher();
    for (const name of ['Connection', 'TRANSFER-ENCODING', 'keep-alive', 'Upgrade', 'te', 'Trailer']) {
      await expect(
        pub.publish('poll', new HttpResponseFormat({ body: 'x', headers: { [name]: 'v' } })),
      ).rejects.toThrow(`http-response header "${name}" is the proxy's to set, not a publish's`);
    }
    expect(proxies.requests).toHaveLength(0);
    await pub.publish(
      'poll',
      new Item(new HttpResponseFormat({ body: 'x', headers: { 'Content-Length': '1', 'X-A': 'b' } })),
    );
    expect(proxies.requests).toHaveLength(1);
    expect(isPublishableHeaderName('X-A')).toBe(true);
    expect(isPublishableHeaderName('X A')).toBe(false);
  });

  it('reasons and header values: any text without control characters, above U+00FF too', async () => {
    const { proxies, publisher: pub } = publisher();
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'grapheme', maxLength: 20 }),
        fc.string({ maxLength: 6 }),
        async (a, b) => {
          const text = a + b;
          const before = proxies.requests.length;
          const sent = await pub
            .publish('poll', new HttpResponseFormat({ body: 'x', reason: text, headers: { 'X-T': text } }))
            .then(
              () => true,
              () => false,
            );
          expect(sent).toBe(!hasControl(text));
          expect(isFieldText(text)).toBe(sent);
          expect(proxies.requests.length).toBe(before + (sent ? 1 : 0));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('fieldBytes gives the UTF-8 bytes Pushpin writes, one character each', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), (text) => {
        const bytes = Array.from(fieldBytes(text), (c) => c.charCodeAt(0));
        expect(bytes).toEqual(Array.from(new TextEncoder().encode(text)));
      }),
    );
    expect(fieldBytes('café ☕')).toBe('caf\xc3\xa9 \xe2\x98\x95');
  });
});
