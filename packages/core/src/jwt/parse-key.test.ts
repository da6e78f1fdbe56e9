import { PUBLIC_KEY_FASTLY_FANOUT_PEM } from '@fanoutio/grip';
import { describe, expect, it, vi } from 'vitest';
import { KeyFormatError } from './key-types.js';
import { FASTLY_FANOUT_KEY, parseGripKey } from './parse-key.js';
import { base64, base64url, ecPair, mint, rsaPair, rsaPkcs1Pem, utf8 } from './test-support.js';
import { verifyJwt } from './verify.js';

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

  it('reads an RSA key from SPKI PEM, PKCS#1 PEM and JWK as keys that verify the same RS256 token', async () => {
    const rsa = await rsaPair();
    // PEM forms keep the SubjectPublicKeyInfo, which Web Crypto checks on import.
    expect(parseGripKey(rsa.pem)).toEqual({ alg: 'RS256', spki: new Uint8Array(rsa.spki) });
    expect(parseGripKey(rsaPkcs1Pem(rsa.spki))).toEqual(parseGripKey(rsa.pem));
    expect(parseGripKey(JSON.stringify(rsa.jwk))).toEqual({
      alg: 'RS256',
      jwk: { kty: 'RSA', n: rsa.jwk.n, e: rsa.jwk.e },
    });
    const token = await mint(rsa.signer, { exp: Date.now() / 1000 + 60 });
    for (const form of [rsa.pem, rsaPkcs1Pem(rsa.spki), JSON.stringify(rsa.jwk)]) {
      expect(await verifyJwt(token, [{ key: parseGripKey(form) }])).toBe(true);
    }
  });

  it('an RSA PEM whose body Web Crypto refuses verifies nothing and is reported once, without the key', async () => {
    const rsa = await rsaPair();
    const broken = new Uint8Array(rsa.spki);
    broken[30] = 0x05; // the modulus no longer has the length it declares
    const key = parseGripKey(pemOf('PUBLIC KEY', broken));
    const token = await mint(rsa.signer, { exp: Date.now() / 1000 + 60 });
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      expect(await verifyJwt(token, [{ key }])).toBe(false);
      expect(await verifyJwt(token, [{ key }])).toBe(false);
      expect(errors).toHaveBeenCalledTimes(1);
      const line = String(errors.mock.calls[0]![0]);
      expect(line).toMatch(
        /^\[faas-grip\] configuration error: Web Crypto could not import an RS256 public key/,
      );
      expect(line).not.toContain(base64(broken).slice(40, 80));
    } finally {
      errors.mockRestore();
    }
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
