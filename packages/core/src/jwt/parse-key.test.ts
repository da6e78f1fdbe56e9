import { PUBLIC_KEY_FASTLY_FANOUT_PEM } from '@fanoutio/grip';
import { describe, expect, it } from 'vitest';
import { KeyFormatError } from './key-types.js';
import { FASTLY_FANOUT_KEY, parseGripKey } from './parse-key.js';
import { base64, base64url, ecPair, rsaPair, rsaPkcs1Pem, utf8 } from './test-support.js';

function pemOf(label: string, der: Uint8Array): string {
  return `-----BEGIN ${label}-----\n${base64(der)}\n-----END ${label}-----`;
}

describe('parseGripKey', () => {
  it('reads a P-256 PEM, its JWK and base64: forms as the same ES256 key', async () => {
    const ec = await ecPair();
    const expected = { alg: 'ES256', jwk: { kty: 'EC', crv: 'P-256', x: ec.jwk.x, y: ec.jwk.y } };
    expect(parseGripKey(ec.pem)).toEqual(expected);
    expect(parseGripKey(JSON.stringify(ec.jwk))).toEqual(expected);
    expect(parseGripKey(`base64:${base64(utf8(ec.pem))}`)).toEqual(expected);
    // Private members of a JWK are dropped: only the public key is kept.
    expect(parseGripKey(JSON.stringify({ ...ec.jwk, d: 'AAAA', alg: 'ES256', use: 'sig' }))).toEqual(
      expected,
    );
  });

  it('reads an RSA key from SPKI PEM, PKCS#1 PEM and JWK as the same RS256 key', async () => {
    const rsa = await rsaPair();
    const expected = { alg: 'RS256', jwk: { kty: 'RSA', n: rsa.jwk.n, e: rsa.jwk.e } };
    expect(parseGripKey(rsa.pem)).toEqual(expected);
    expect(parseGripKey(rsaPkcs1Pem(rsa.spki))).toEqual(expected);
    expect(parseGripKey(JSON.stringify(rsa.jwk))).toEqual(expected);
  });

  it('reads shared secrets: text, base64: bytes and an oct JWK', () => {
    const bytes = new Uint8Array([0, 1, 2, 250, 255]);
    expect(parseGripKey('changeme')).toEqual({ alg: 'HS256', secret: utf8('changeme') });
    expect(parseGripKey(`base64:${base64(bytes)}`)).toEqual({ alg: 'HS256', secret: bytes });
    expect(parseGripKey(JSON.stringify({ kty: 'oct', k: base64url(bytes) }))).toEqual({
      alg: 'HS256',
      secret: bytes,
    });
  });

  it('knows Fastly Fanout’s published key', () => {
    expect(parseGripKey('fastly')).toBe(FASTLY_FANOUT_KEY);
    expect(parseGripKey(PUBLIC_KEY_FASTLY_FANOUT_PEM)).toEqual(FASTLY_FANOUT_KEY);
  });

  it.each([
    ['a private key PEM', () => pemOf('PRIVATE KEY', new Uint8Array(40)), /private key/],
    ['a PEM without END line', () => '-----BEGIN PUBLIC KEY-----\nAAAA', /END line/],
    [
      'a PEM with a non-base64 body',
      () => '-----BEGIN PUBLIC KEY-----\n!!\n-----END PUBLIC KEY-----',
      /not base64/,
    ],
    ['a PEM that is not DER', () => pemOf('PUBLIC KEY', new Uint8Array([1, 2, 3])), /DER/],
    ['a certificate', () => pemOf('CERTIFICATE', new Uint8Array([0x30, 0])), /not PUBLIC KEY/],
    ['JSON that is not a JWK', () => '{"a":1}', /kty/],
    [
      'a JWK whose alg contradicts its type',
      () => JSON.stringify({ kty: 'oct', k: 'AAAA', alg: 'RS256' }),
      /alg/,
    ],
    ['an encryption JWK', () => JSON.stringify({ kty: 'oct', k: 'AAAA', use: 'enc' }), /use/],
    ['an EC JWK on P-384', () => JSON.stringify({ kty: 'EC', crv: 'P-384', x: 'AA', y: 'AA' }), /P-256/],
    [
      'an EC JWK with a short x',
      () => JSON.stringify({ kty: 'EC', crv: 'P-256', x: 'AAAA', y: 'AAAA' }),
      /"x"/,
    ],
    ['an OKP JWK', () => JSON.stringify({ kty: 'OKP', crv: 'Ed25519', x: 'AAAA' }), /kty/],
    ['bad base64', () => 'base64:@@@', /base64/],
    ['empty base64', () => 'base64:', /empty/],
  ])('refuses %s, saying why', (_, value, why) => {
    expect(() => parseGripKey(value())).toThrow(KeyFormatError);
    expect(() => parseGripKey(value())).toThrow(why);
  });

  it('refuses a P-384 public key: ES256 is P-256 only', async () => {
    const pair = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-384' }, true, [
      'sign',
      'verify',
    ])) as CryptoKeyPair;
    const spki = new Uint8Array((await crypto.subtle.exportKey('spki', pair.publicKey)) as ArrayBuffer);
    expect(() => parseGripKey(pemOf('PUBLIC KEY', spki))).toThrow(/other than P-256/);
  });
});
