import { HttpResponseFormat, WebSocketMessageFormat } from '@fanoutio/grip';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PublishError } from '../errors.js';
import { createPublisher } from './publisher.js';
import { type StandInAnswer, standInProxies } from './test-support.js';

/** Every string an error exposes: message, fields, failures, and the whole cause chain. */
function everythingSaid(error: unknown, seen = new Set<unknown>()): string[] {
  if (error === null || error === undefined || seen.has(error)) return [];
  seen.add(error);
  if (typeof error !== 'object') return [String(error)];
  const said: string[] = [String(error)];
  if (error instanceof Error) said.push(error.message, error.stack ?? '');
  for (const key of Object.getOwnPropertyNames(error)) {
    const value = (error as Record<string, unknown>)[key];
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      said.push(String(value));
    else if (Array.isArray(value)) for (const item of value) said.push(...everythingSaid(item, seen));
    else if (typeof value === 'object') said.push(...everythingSaid(value, seen));
  }
  return said;
}

// Secrets long and distinctive enough that they cannot turn up in a message by
// chance, with the characters that need escaping in a URL.
const secretChar = fc.constantFrom(
  ..."ABCDEFGHJKLMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789-._~!$&'()*+,;=:@/?#[]% ",
);
const secret = fc
  .string({ unit: secretChar, minLength: 12, maxLength: 24 })
  .filter((s) => s.trim().length >= 12);

const failure = fc.constantFrom<StandInAnswer>(
  'refuse',
  'hang',
  'lost-answer',
  { status: 401, body: 'Unauthorized' },
  { status: 503, body: 'busy' },
  { status: 429, headers: { 'Retry-After': '3600' } },
  { status: 302, headers: { Location: 'http://moved.test/publish/' } },
);

describe('publish errors never carry a secret from GRIP_URL (stand-in publish API)', () => {
  it('holds for keys, tokens, users and passwords of every proxy, whatever each proxy does', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          key: secret,
          user: secret,
          pass: secret,
          iss: fc.boolean(),
          mode: fc.constantFrom('key', 'basic'),
        }),
        fc.record({ key: secret, token: secret, iss: fc.boolean() }),
        failure,
        failure,
        async (first, second, firstAnswer, secondAnswer) => {
          const firstUrl =
            first.mode === 'key'
              ? `http://one.test:5561/?${first.iss ? 'iss=pushpin&' : ''}key=${encodeURIComponent(first.key)}`
              : `https://${encodeURIComponent(first.user)}:${encodeURIComponent(first.pass)}@one.test/realm`;
          // A query parameter core does not know is sent on, but may be a secret too.
          const secondUrl = `http://two.test/?${second.iss ? 'iss=pushpin&' : ''}key=${encodeURIComponent(second.key)}&token=${encodeURIComponent(second.token)}`;
          const proxies = standInProxies({
            'one.test:5561': () => firstAnswer,
            'one.test': () => firstAnswer,
            'two.test': () => secondAnswer,
          });
          const error = await createPublisher(
            { GRIP_URL: `${firstUrl} ${secondUrl}` },
            { fetch: proxies.fetch, timeoutMs: 25, minDelayMs: 5, maxDelayMs: 10 },
          )
            .publish('room', new WebSocketMessageFormat('x'))
            .then(
              () => undefined,
              (e: unknown) => e,
            );
          expect(error).toBeInstanceOf(PublishError);
          const secrets = [first.key, first.user, first.pass, second.key, second.token].flatMap((s) => [
            s,
            encodeURIComponent(s),
          ]);
          // Whatever went out as credentials (the Bearer token, the JWT, Basic's base64) stays out too.
          const sent = proxies.requests.flatMap((r) => (r.authorization === null ? [] : [r.authorization]));
          const credentials = [...new Set(sent)].flatMap((h) => [h, h.replace(/^\w+ /, '')]);
          for (const text of everythingSaid(error)) {
            for (const hidden of [...secrets, ...credentials]) expect(text).not.toContain(hidden);
          }
          for (const failed of (error as PublishError).failures) {
            expect(failed.url).toMatch(/^https?:\/\/(one|two)\.test(:5561)?\/(realm\/)?publish\/$/);
          }
        },
      ),
      { numRuns: 40 },
    );
    // Each run may wait out its 25 ms publish timeout; a shared CI machine gets room.
  }, 20_000);
});

describe('http-response content a client must never receive is refused before sending (stand-in publish API)', () => {
  const hostileText = fc.string({
    unit: fc.oneof(
      { weight: 6, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
      { weight: 2, arbitrary: fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 1 }) },
      { weight: 2, arbitrary: fc.constantFrom('\r', '\n', '\r\n', '\0', '\t', ':', 'é', '\u2028') },
    ),
    maxLength: 12,
  });
  const headerName = fc.oneof(hostileText, fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,8}$/));
  const hasControl = (text: string): boolean =>
    [...text].some((c) => (c < ' ' && c !== '\t') || c === '\u007f');
  const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

  it('a header name that is not a token, or a header value or reason with a line break, throws and nothing is sent', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(headerName, hostileText, { maxKeys: 3 }),
        fc.option(hostileText, { nil: undefined }),
        async (headers, reason) => {
          const proxies = standInProxies({ 'p.test': () => ({ status: 200 }) });
          const publisher = createPublisher({ GRIP_URL: 'http://p.test' }, { fetch: proxies.fetch });
          const format = new HttpResponseFormat({
            code: '200',
            headers,
            body: 'b',
            ...(reason === undefined ? {} : { reason }),
          });
          const outcome = await publisher.publish('poll', format).then(
            () => undefined,
            (e: unknown) => e,
          );
          const bad =
            Object.entries(headers).some(([name, value]) => !TOKEN.test(name) || hasControl(value)) ||
            (reason !== undefined && hasControl(reason));
          if (bad) {
            expect(outcome).toBeInstanceOf(TypeError);
            expect((outcome as Error).message).toMatch(/^http-response (header|reason)/);
            expect(proxies.requests).toHaveLength(0);
          } else {
            expect(outcome).toBeUndefined();
            const sent = proxies.requests[0]!.items[0]!.formats as Record<string, Record<string, unknown>>;
            expect(sent['http-response']).toEqual({
              code: 200,
              headers,
              body: 'b',
              ...(reason === undefined ? {} : { reason }),
            });
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a status outside 200–599 throws a RangeError naming it', async () => {
    const proxies = standInProxies({ 'p.test': () => ({ status: 200 }) });
    const publisher = createPublisher({ GRIP_URL: 'http://p.test' }, { fetch: proxies.fetch });
    for (const code of ['99', '100', '199', '600', '0', 'abc', '2000']) {
      await expect(publisher.publish('poll', new HttpResponseFormat({ code, body: '' }))).rejects.toThrow(
        new RangeError(`http-response code ${JSON.stringify(code)} must be a final status, 200 to 599`),
      );
    }
    expect(proxies.requests).toHaveLength(0);
    await publisher.publish('poll', new HttpResponseFormat({ code: '599', body: '' }));
    expect(proxies.requests).toHaveLength(1);
  });
});
