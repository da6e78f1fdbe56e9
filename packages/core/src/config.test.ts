import { describe, expect, it } from 'vitest';
import { gripConfigFromEnv, readGripConfig } from './config.js';
import { GripConfigError } from './errors.js';

const key = btoa('pushpin-secret');

describe('readGripConfig', () => {
  it('reads the seed URL form: key signs publishes and verifies Grip-Sig with iss as issuer', () => {
    const config = readGripConfig({ GRIP_URL: `http://localhost:5561/?iss=pushpin&key=base64:${key}` });
    expect(config.proxies).toEqual([
      { controlUri: 'http://localhost:5561', controlIss: 'pushpin', key: `base64:${key}` },
    ]);
    expect(config.verifiers).toHaveLength(1);
    expect(config.verifiers[0]?.iss).toBe('pushpin');
    expect(config.verifiers[0]?.key).toEqual({
      alg: 'HS256',
      secret: new TextEncoder().encode('pushpin-secret'),
    });
    expect(config.prefix).toBe('');
  });

  it('reads several proxies, a prefix and credentials in the URL', () => {
    const config = readGripConfig({
      GRIP_URL: 'http://a.test:5561 https://user:p%40ss@b.test/realm/x/, http://c.test',
      GRIP_PREFIX: 'dev-',
    });
    expect(config.proxies.map((p) => p.controlUri)).toEqual([
      'http://a.test:5561',
      'https://b.test/realm/x',
      'http://c.test',
    ]);
    expect(config.proxies[1]).toMatchObject({ user: 'user', pass: 'p@ss' });
    expect(config.verifiers).toEqual([]);
    expect(config.prefix).toBe('dev-');
  });

  it('takes a Fastly-style URL (Bearer key, no iss) with GRIP_VERIFY_KEY=fastly', () => {
    const config = readGripConfig({
      GRIP_URL: 'https://api.fastly.com/service/abc?key=token123',
      GRIP_VERIFY_KEY: 'fastly',
      GRIP_VERIFY_ISS: 'fastly:abc',
    });
    expect(config.proxies[0]).toEqual({ controlUri: 'https://api.fastly.com/service/abc', key: 'token123' });
    expect(config.verifiers).toHaveLength(1);
    expect(config.verifiers[0]?.iss).toBe('fastly:abc');
  });

  it('verifies Fastly Fanout signatures when the URL names a fastly: issuer', () => {
    const config = readGripConfig({
      GRIP_URL: 'https://api.fastly.com/service/abc?key=token123&verify-iss=fastly:abc',
    });
    expect(config.verifiers).toHaveLength(1);
    expect(config.verifiers[0]?.iss).toBe('fastly:abc');
    expect(readGripConfig({ GRIP_VERIFY_ISS: 'fastly:abc' }).verifiers).toHaveLength(1);
  });

  it('keeps extra query parameters on the control URI, and publishes below its path', () => {
    const config = readGripConfig({ GRIP_URL: 'http://a.test:5561/base?iss=p&key=k&realm=x' });
    expect(config.proxies[0]?.controlUri).toBe('http://a.test:5561/base?realm=x');
  });

  it('ignores empty settings and non-string bindings', () => {
    expect(readGripConfig({ GRIP_URL: '  ', GRIP_PREFIX: 42 })).toEqual({
      proxies: [],
      verifiers: [],
      prefix: '',
    });
    expect(readGripConfig(undefined)).toEqual({ proxies: [], verifiers: [], prefix: '' });
  });

  it.each([
    [{ GRIP_URL: 'localhost:5561' }, /must be http or https/],
    [{ GRIP_URL: 'not a url' }, /is not a URL/],
    [{ GRIP_VERIFY_ISS: 'pushpin' }, /GRIP_VERIFY_KEY is not/],
    [{ GRIP_URL: 'http://a.test?verify-iss=me' }, /names verify-iss but no key/],
    // An unset variable substituted into the URL must not switch verification off.
    [{ GRIP_URL: 'http://a.test?iss=pushpin&key=' }, /key is given but empty/],
    [{ GRIP_URL: 'http://a.test?iss=&key=k' }, /iss is given but empty/],
    [{ GRIP_URL: 'http://a.test?verify-iss=me&verify-key=' }, /verify-key is given but empty/],
  ])('explains a bad setting %j', (env, message) => {
    expect(() => readGripConfig(env)).toThrow(GripConfigError);
    expect(() => readGripConfig(env)).toThrow(message);
  });

  it('makes GRIP_VERIFY_KEY enforce the verify-iss of the entries it verifies for', () => {
    const secret = { alg: 'HS256', secret: new TextEncoder().encode('k') };
    expect(
      readGripConfig({ GRIP_URL: 'http://proxy:5561/?verify-iss=my-proxy', GRIP_VERIFY_KEY: 'k' }).verifiers,
    ).toEqual([{ key: secret, iss: 'my-proxy' }]);
    const both = readGripConfig({
      GRIP_URL: 'http://a.test/?verify-iss=a http://b.test/?verify-iss=b',
      GRIP_VERIFY_KEY: 'k',
      GRIP_VERIFY_ISS: 'global',
    });
    expect(both.verifiers.map((v) => v.iss)).toEqual(['a', 'b', 'global']);
    // One key, imported once, whichever issuer a token names.
    expect(new Set(both.verifiers.map((v) => v.key)).size).toBe(1);
    expect(readGripConfig({ GRIP_URL: 'http://a.test', GRIP_VERIFY_KEY: 'k' }).verifiers).toEqual([
      { key: secret },
    ]);
  });

  it('takes a private key as publish key without deriving a verifier from it', () => {
    const pem = '-----BEGIN PRIVATE KEY-----\\nAAAA\\n-----END PRIVATE KEY-----';
    const config = readGripConfig({ GRIP_URL: `http://a.test/?iss=me&key=${encodeURIComponent(pem)}` });
    expect(config.verifiers).toEqual([]);
    expect(config.proxies[0]?.key).toBe(pem);
  });

  it.each([
    [
      'GRIP_META_KEY in base64',
      { GRIP_URL: `http://a.test?iss=p&key=x`, GRIP_META_KEY: 'base64:AAEC/w==' },
      [0, 1, 2, 255],
    ],
    ['GRIP_META_KEY as text', { GRIP_META_KEY: 'meta' }, [...new TextEncoder().encode('meta')]],
    [
      'the first shared verification key',
      { GRIP_URL: `http://a.test?key=bearer`, GRIP_VERIFY_KEY: `base64:${key}` },
      [...new TextEncoder().encode('pushpin-secret')],
    ],
    [
      'the Pushpin key in GRIP_URL',
      { GRIP_URL: `http://a.test?iss=p&key=base64:${key}` },
      [...new TextEncoder().encode('pushpin-secret')],
    ],
    [
      'the publish token when verification uses a public key',
      { GRIP_URL: 'https://api.fastly.com/service/s?key=tok&verify-iss=fastly:s' },
      [...new TextEncoder().encode('tok')],
    ],
    ['nothing without any key', { GRIP_URL: 'http://a.test' }, undefined],
  ])('metaSecret comes from %s', (_, env, bytes) => {
    const secret = readGripConfig(env).metaSecret;
    expect(secret === undefined ? undefined : [...secret]).toEqual(bytes);
  });

  it('refuses a GRIP_META_KEY that is not base64, and re-reads the config when it changes', () => {
    expect(() => readGripConfig({ GRIP_META_KEY: 'base64:%%%' })).toThrow(/GRIP_META_KEY/);
    const a = gripConfigFromEnv({ GRIP_URL: 'http://a.test', GRIP_META_KEY: 'one' });
    const b = gripConfigFromEnv({ GRIP_URL: 'http://a.test', GRIP_META_KEY: 'two' });
    expect(new TextDecoder().decode(a.metaSecret)).toBe('one');
    expect(new TextDecoder().decode(b.metaSecret)).toBe('two');
  });

  it('reads the same environment object again when one of its settings changes in place (process.env)', () => {
    const env: Record<string, string> = { GRIP_URL: 'http://a.test', GRIP_PREFIX: 'one-' };
    const first = gripConfigFromEnv(env);
    expect(gripConfigFromEnv(env)).toBe(first);
    env.GRIP_PREFIX = 'two-';
    expect(gripConfigFromEnv(env).prefix).toBe('two-');
    env.GRIP_META_KEY = 'secret';
    expect(new TextDecoder().decode(gripConfigFromEnv(env).metaSecret)).toBe('secret');
    delete env.GRIP_META_KEY;
    env.GRIP_PREFIX = 'one-';
    expect(gripConfigFromEnv(env)).toBe(first);
  });
});
