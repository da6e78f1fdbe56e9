import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GripConfigError } from '../errors.js';
import { decodeBase64Url } from '../jwt/base64.js';
import { parseGripKey } from '../jwt/parse-key.js';
import { base64 } from '../jwt/test-support.js';
import { verifyJwt } from '../jwt/verify.js';
import { WebSocketMessageFormat } from './formats.js';
import { createPublisher } from './publisher.js';
import { standInProxies } from './test-support.js';

// Publish tokens are signed with Web Crypto alone: the same tests run in Node
// and in workerd. A token must verify with the key's public half (or the
// shared secret) and name only the algorithm the key decides.

const HOST = 'proxy.test:5561';

/** Publishes once with `key` (and `iss`, when given) and returns the Authorization header sent. */
async function sentAuthorization(key: string | undefined, iss = 'pushpin'): Promise<string | null> {
  const proxies = standInProxies({ [HOST]: () => ({ status: 200 }) });
  const query = [
    `iss=${encodeURIComponent(iss)}`,
    ...(key === undefined ? [] : [`key=${encodeURIComponent(key)}`]),
  ];
  await createPublisher({ GRIP_URL: `http://${HOST}/?${query.join('&')}` }, { fetch: proxies.fetch }).publish(
    'c',
    new WebSocketMessageFormat('x'),
  );
  return proxies.requests[0]?.authorization ?? null;
}

function tokenOf(authorization: string | null): string {
  expect(authorization).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
  return authorization!.slice('Bearer '.length);
}

function part(token: string, index: number): unknown {
  return JSON.parse(new TextDecoder().decode(decodeBase64Url(token.split('.')[index]!)));
}

function pem(label: string, der: ArrayBuffer): string {
  const lines = base64(new Uint8Array(der)).match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

async function keyPair(alg: 'ES256' | 'RS256'): Promise<CryptoKeyPair> {
  const params =
    alg === 'ES256'
      ? { name: 'ECDSA', namedCurve: 'P-256' }
      : {
          name: 'RSASSA-PKCS1-v1_5',
          modulusLength: 2048,
          publicExponent: new Uint8Array([1, 0, 1]),
          hash: 'SHA-256',
        };
  return (await crypto.subtle.generateKey(params, true, ['sign', 'verify'])) as CryptoKeyPair;
}

async function expectValid(token: string, alg: string, verifyWith: Parameters<typeof parseGripKey>[0]) {
  expect(part(token, 0)).toEqual({ alg });
  const claims = part(token, 1) as { iss: string; exp: number };
  expect(claims.iss).toBe('pushpin');
  // Ten minutes, as Pushpin's own clients sign them.
  expect(Math.abs(claims.exp - (Date.now() / 1000 + 600))).toBeLessThan(5);
  expect(await verifyJwt(token, [{ key: parseGripKey(verifyWith), iss: 'pushpin' }])).toBe(true);
}

describe('publish auth signs with Web Crypto', () => {
  it('a shared secret, as text or base64 (a space read as the + a URL query turned into one), signs HS256', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 64 }), async (secret) => {
        const encoded = base64(secret);
        // Written unescaped in GRIP_URL, each + arrives as a space.
        const asInUrl = `base64:${encoded.replace(/\+/g, ' ')}`;
        const token = tokenOf(await sentAuthorization(asInUrl));
        expect(part(token, 0)).toEqual({ alg: 'HS256' });
        expect(await verifyJwt(token, [{ key: { alg: 'HS256', secret }, iss: 'pushpin' }])).toBe(true);
      }),
      { numRuns: 20 },
    );
    await expectValid(tokenOf(await sentAuthorization('changeme')), 'HS256', 'changeme');
  });

  it('a P-256 private key (PKCS#8 PEM, with literal \\n, as base64, or a JWK) signs ES256', async () => {
    const keys = await keyPair('ES256');
    const publicPem = pem(
      'PUBLIC KEY',
      (await crypto.subtle.exportKey('spki', keys.publicKey)) as ArrayBuffer,
    );
    const privatePem = pem(
      'PRIVATE KEY',
      (await crypto.subtle.exportKey('pkcs8', keys.privateKey)) as ArrayBuffer,
    );
    const jwk = (await crypto.subtle.exportKey('jwk', keys.privateKey)) as JsonWebKey;
    for (const key of [
      privatePem,
      privatePem.replace(/\n/g, '\\n'),
      `base64:${btoa(privatePem)}`,
      JSON.stringify(jwk),
      `base64:${btoa(JSON.stringify({ ...jwk, alg: 'ES256', use: 'sig' }))}`,
    ]) {
      await expectValid(tokenOf(await sentAuthorization(key)), 'ES256', publicPem);
    }
  });

  it('a P-256 private key in SEC 1 PEM ("EC PRIVATE KEY", as openssl ecparam writes it) signs ES256', async () => {
    const keys = await keyPair('ES256');
    const publicPem = pem(
      'PUBLIC KEY',
      (await crypto.subtle.exportKey('spki', keys.publicKey)) as ArrayBuffer,
    );
    const jwk = (await crypto.subtle.exportKey('jwk', keys.privateKey)) as Required<
      Pick<JsonWebKey, 'd' | 'x' | 'y'>
    >;
    const bytes = (b64url: string) => [...decodeBase64Url(b64url)!];
    const tlv = (tag: number, content: number[]) => [tag, content.length, ...content];
    // ECPrivateKey: version 1, the private scalar, the curve (prime256v1), the public point.
    const curve = tlv(0x06, [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07]);
    const point = tlv(0x03, [0, 4, ...bytes(jwk.x), ...bytes(jwk.y)]);
    const sec1 = tlv(0x30, [
      ...tlv(0x02, [1]),
      ...tlv(0x04, bytes(jwk.d)),
      ...tlv(0xa0, curve),
      ...tlv(0xa1, point),
    ]);
    const sec1Pem = pem('EC PRIVATE KEY', new Uint8Array(sec1).buffer);
    await expectValid(tokenOf(await sentAuthorization(sec1Pem)), 'ES256', publicPem);
  });

  it('an RSA private key (PKCS#8 PEM or a JWK) signs RS256', async () => {
    const keys = await keyPair('RS256');
    const publicPem = pem(
      'PUBLIC KEY',
      (await crypto.subtle.exportKey('spki', keys.publicKey)) as ArrayBuffer,
    );
    const privatePem = pem(
      'PRIVATE KEY',
      (await crypto.subtle.exportKey('pkcs8', keys.privateKey)) as ArrayBuffer,
    );
    const jwk = (await crypto.subtle.exportKey('jwk', keys.privateKey)) as JsonWebKey;
    for (const key of [privatePem, JSON.stringify(jwk)]) {
      await expectValid(tokenOf(await sentAuthorization(key)), 'RS256', publicPem);
    }
  });

  it('refuses keys that cannot sign with a GripConfigError that quotes no key, and sends nothing', async () => {
    const keys = await keyPair('ES256');
    const spki = (await crypto.subtle.exportKey('spki', keys.publicKey)) as ArrayBuffer;
    const publicJwk = (await crypto.subtle.exportKey('jwk', keys.publicKey)) as JsonWebKey;
    const privateJwk = (await crypto.subtle.exportKey('jwk', keys.privateKey)) as JsonWebKey;
    const body = base64(new Uint8Array(spki)).slice(30, 50);
    const refused: Array<[string | undefined, RegExp]> = [
      [pem('PUBLIC KEY', spki), /public key/],
      [JSON.stringify(publicJwk), /public JWK/],
      [JSON.stringify({ ...privateJwk, crv: 'P-384' }), /curve other than P-256/],
      [JSON.stringify({ ...privateJwk, alg: 'RS256' }), /"alg" does not match/],
      [JSON.stringify({ ...privateJwk, d: 'not base64!' }), /"d" is missing or not valid base64url/],
      [JSON.stringify({ ...privateJwk, kty: 'OKP' }), /"kty" is not EC, RSA or oct/],
      [JSON.stringify({ ...privateJwk, use: 'enc' }), /"use" is not "sig"/],
      [
        `-----BEGIN PRIVATE KEY-----\n${body}\n-----END PRIVATE KEY-----`,
        /DER structure is malformed|not base64/,
      ],
      [`-----BEGIN ENCRYPTED PRIVATE KEY-----\n${body}\n-----END ENCRYPTED PRIVATE KEY-----`, /PEM type/],
      [`-----BEGIN PRIVATE KEY-----\n${body}\n`, /END line/],
      ['base64:!!!!', /not valid base64/],
      [undefined, /names iss .* but no key/],
    ];
    for (const [key, reason] of refused) {
      const proxies = standInProxies({ [HOST]: () => ({ status: 200 }) });
      const url = `http://${HOST}/?iss=pushpin${key === undefined ? '' : `&key=${encodeURIComponent(key)}`}`;
      // Some of these are refused when the configuration is read, the rest at the first publish.
      const error = await (async () =>
        createPublisher({ GRIP_URL: url }, { fetch: proxies.fetch }).publish(
          'c',
          new WebSocketMessageFormat('x'),
        ))().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(GripConfigError);
      expect((error as Error).message).toMatch(reason);
      expect((error as Error).message).toContain('http://proxy.test:5561/');
      expect((error as Error).message).not.toContain(body);
      if (key !== undefined) expect((error as Error).message).not.toContain(key.slice(0, 12));
      expect(proxies.requests).toEqual([]);
    }
  });

  it('a burst of publishes signs once and sends the same token; another issuer gets its own', async () => {
    const proxies = standInProxies({
      [HOST]: () => ({ status: 200 }),
      'other.test': () => ({ status: 200 }),
    });
    const publisher = createPublisher(
      { GRIP_URL: `http://${HOST}/?iss=a&key=k1 http://other.test/?iss=b&key=k1` },
      { fetch: proxies.fetch },
    );
    for (let i = 0; i < 3; i++) await publisher.publish('c', new WebSocketMessageFormat(String(i)));
    const sent = (host: string) => new Set(proxies.requestsTo(host).map((r) => r.authorization));
    expect(sent(HOST).size).toBe(1);
    expect(sent('other.test').size).toBe(1);
    expect([...sent(HOST)]).not.toEqual([...sent('other.test')]);
    expect((part(tokenOf([...sent('other.test')][0]!), 1) as { iss: string }).iss).toBe('b');
  });
});
