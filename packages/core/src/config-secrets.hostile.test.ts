import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gripConfigFromEnv, readGripConfig } from './config.js';
import { GripConfigError } from './errors.js';

// Configuration errors end up in logs: none may carry a key, a token or a
// URL's user name or password. Runs in Node and in workerd.

/** Every text an error exposes: message, stack, own properties, and its cause chain. */
function exposedText(error: unknown, depth = 0): string {
  if (error === null || error === undefined || depth > 8) return '';
  if (typeof error !== 'object') return String(error);
  const fields = error as Record<string, unknown>;
  const parts = [String(error), (error as { stack?: unknown }).stack ?? ''];
  for (const name of Object.getOwnPropertyNames(error)) {
    const value = fields[name];
    parts.push(name === 'cause' ? exposedText(value, depth + 1) : String(JSON.stringify(value) ?? value));
  }
  return parts.join('\n');
}

function thrownBy(env: Record<string, string>): unknown {
  try {
    readGripConfig(env);
  } catch (error) {
    return error;
  }
  return undefined;
}

const enc = encodeURIComponent;

// Each builds a broken configuration around the secrets, in every place a secret may sit.
const brokenConfigs: [string, (s: string[]) => Record<string, string>][] = [
  [
    'non-http scheme',
    ([u, p, k]) => ({ GRIP_URL: `ftp://${enc(u!)}:${enc(p!)}@h.test/?iss=x&key=${enc(k!)}` }),
  ],
  ['no scheme (user:pass@host)', ([u, p]) => ({ GRIP_URL: `${enc(u!)}:${enc(p!)}@h.test` })],
  ['not a URL', ([u, p, k]) => ({ GRIP_URL: `http://${enc(u!)}:${enc(p!)}@[::bad/?key=${enc(k!)}` })],
  [
    'verify-iss without a key',
    ([u, p, k]) => ({ GRIP_URL: `http://${enc(u!)}:${enc(p!)}@h.test/?verify-iss=me&key=${enc(k!)}` }),
  ],
  [
    'malformed PEM verify-key',
    ([u, , k]) => ({
      GRIP_URL: `http://${enc(u!)}@h.test/?verify-key=${enc(`-----BEGIN PUBLIC KEY-----\n${k}\n-----END PUBLIC KEY-----`)}`,
    }),
  ],
  [
    'JWK verify-key of an unknown type',
    ([, , k]) => ({ GRIP_URL: `http://h.test/?verify-key=${enc(JSON.stringify({ kty: k }))}` }),
  ],
  [
    'publish key with bad base64',
    ([, p, k]) => ({ GRIP_URL: `http://u:${enc(p!)}@h.test/?iss=x&key=base64:${enc(`${k}!*`)}` }),
  ],
  [
    'bad %-escape in the user name',
    ([u, p, k]) => ({ GRIP_URL: `http://${enc(u!)}%ZZ:${enc(p!)}@h.test/?key=${enc(k!)}` }),
  ],
  [
    'private PEM as GRIP_VERIFY_KEY',
    ([, , k]) => ({ GRIP_VERIFY_KEY: `-----BEGIN PRIVATE KEY-----\n${k}\n-----END PRIVATE KEY-----` }),
  ],
  [
    'EC JWK with a bad point as GRIP_VERIFY_KEY',
    ([, , k]) => ({ GRIP_VERIFY_KEY: JSON.stringify({ kty: 'EC', crv: 'P-256', x: k, y: k }) }),
  ],
  [
    'GRIP_META_KEY with bad base64',
    ([, , k]) => ({ GRIP_URL: 'http://h.test', GRIP_META_KEY: `base64:${k}!*` }),
  ],
];

// A marker makes an accidental match with the message's own words impossible.
const secret = fc.string({ minLength: 4, maxLength: 40, unit: 'grapheme' }).map((s) => `Zq7${s}`);

describe('configuration errors keep secrets out', () => {
  it('names the entry with its secrets redacted (ftp://u:pa55@h/?iss=x&key=K)', () => {
    const error = thrownBy({ GRIP_URL: 'http://ok.test ftp://u:pa55@h/?iss=x&key=K' });
    expect(error).toBeInstanceOf(GripConfigError);
    expect((error as Error).message).toBe(
      'GRIP_URL entry 2 (ftp://REDACTED@h/?iss=x&key=REDACTED) must be http or https',
    );
  });

  it.each(brokenConfigs)('%s: no message, stack or cause holds a secret (property)', (_, build) => {
    fc.assert(
      fc.property(fc.array(secret, { minLength: 3, maxLength: 3 }), (secrets) => {
        const env = build(secrets);
        const error = thrownBy(env);
        expect(error).toBeInstanceOf(GripConfigError);
        expect(() => gripConfigFromEnv(env)).toThrow(GripConfigError);
        const text = exposedText(error);
        for (const s of secrets) {
          for (const form of [s, enc(s), enc(enc(s))]) expect(text).not.toContain(form);
        }
      }),
      { numRuns: 100 },
    );
  });
});
