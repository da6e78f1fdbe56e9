import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { readGripConfig } from './config.js';
import { handleRequest } from './handle-request.js';
import {
  base64,
  base64url,
  hmacSigner,
  jsonPart,
  mint,
  type PublicKeyPair,
  utf8,
} from './jwt/test-support.js';
import { verifyGripSignature } from './signature.js';
import { check, INVALID, type KeyKind, makeKeyKinds, now, request, VALID } from './signature-test-support.js';

// Configurations with several verifiers, and what a client sees; in Node and
// in workerd.

let secret: Uint8Array;
let ec: PublicKeyPair;
let rsa: PublicKeyPair;
let kinds: KeyKind[];
let everyKindEnv: Record<string, string>;

beforeAll(async () => {
  ({ secret, ec, rsa, kinds, everyKindEnv } = await makeKeyKinds());
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('configurations with several verifiers', () => {
  it('tries every verifier: Fastly, EC and RSA verifiers listed before Pushpin do not stop a valid Pushpin token', async () => {
    const env = {
      GRIP_URL: [
        'https://api.fastly.com/service/svc?key=token&verify-iss=fastly:svc',
        `http://ec.test/?verify-iss=ec&verify-key=${encodeURIComponent(ec.pem)}`,
        `http://rsa.test/?verify-iss=rsa&verify-key=${encodeURIComponent(JSON.stringify(rsa.jwk))}`,
        `http://pushpin:5561/?iss=pushpin&key=base64:${encodeURIComponent(base64(secret))}`,
      ].join(' '),
    };
    const pushpin = await mint(hmacSigner(secret), { iss: 'pushpin', exp: now() + 3600 });
    expect(await check(env, pushpin)).toEqual(VALID);
    expect(await check(env, await mint(rsa.signer, { iss: 'rsa', exp: now() + 3600 }))).toEqual(VALID);
    expect(await check(env, await mint(ec.signer, { iss: 'ec', exp: now() + 3600 }))).toEqual(VALID);
    // Each key keeps its own issuer: the EC key does not accept the RSA entry's.
    expect(await check(env, await mint(ec.signer, { iss: 'rsa', exp: now() + 3600 }))).toEqual(INVALID);
  });

  it.each([
    ['a shared secret', 'shared-secret'],
    ['a public key', 'ec'],
  ])("enforces a GRIP_URL entry's verify-iss on GRIP_VERIFY_KEY (%s)", async (_, which) => {
    const env = {
      GRIP_URL: 'http://proxy:5561/?verify-iss=my-proxy',
      GRIP_VERIFY_KEY: which === 'ec' ? ec.pem : 'shared-secret',
    };
    const signer = which === 'ec' ? ec.signer : hmacSigner(utf8('shared-secret'));
    expect(await check(env, await mint(signer, { iss: 'someone-else', exp: now() + 3600 }))).toEqual(INVALID);
    expect(await check(env, await mint(signer, { exp: now() + 3600 }))).toEqual(INVALID);
    expect(await check(env, await mint(signer, { iss: 'my-proxy', exp: now() + 3600 }))).toEqual(VALID);
  });

  it('reports a key this runtime cannot import once, fails closed for it, and still tries the others', async () => {
    const offCurve = JSON.stringify({
      kty: 'EC',
      crv: 'P-256',
      x: base64url(new Uint8Array(32).fill(1)),
      y: base64url(new Uint8Array(32).fill(1)),
    });
    const config = readGripConfig({
      GRIP_URL: [
        `http://bad.test/?verify-iss=bad&verify-key=${encodeURIComponent(offCurve)}`,
        `http://pushpin:5561/?iss=pushpin&key=base64:${encodeURIComponent(base64(secret))}`,
      ].join(' '),
    });
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const forged = await mint(ec.signer, { iss: 'bad', exp: now() + 3600 });
    expect(await verifyGripSignature(request(forged), config)).toEqual(INVALID);
    expect(await verifyGripSignature(request(forged), config)).toEqual(INVALID);
    const pushpin = await mint(hmacSigner(secret), { iss: 'pushpin', exp: now() + 3600 });
    expect(await verifyGripSignature(request(pushpin), config)).toEqual(VALID);
    expect(logged).toHaveBeenCalledTimes(1);
    expect(String(logged.mock.calls[0]?.[0])).toMatch(
      /configuration error: Web Crypto could not import the ES256 key/,
    );
  });
});

describe('what a client sees', () => {
  it('answers every hostile Grip-Sig with the same 403 and logs nothing', async () => {
    const logged = vi.spyOn(console, 'error');
    const handler = () => new Response('reached the handler');
    const ecEnv = kinds.find((k) => k.keyId === 'ec')!.env;
    const rsaEnv = kinds.find((k) => k.keyId === 'rsa')!.env;
    const cases: [Record<string, string>, string][] = [
      [ecEnv, `${jsonPart({ alg: 'none' })}.${jsonPart({ iss: 'ec', exp: now() + 3600 })}.`],
      [ecEnv, await mint(hmacSigner(utf8(ec.pem)), { iss: 'ec', exp: now() + 3600 })],
      [ecEnv, await mint(rsa.signer, { iss: 'ec', exp: now() + 3600 })],
      [rsaEnv, await mint(ec.signer, { iss: 'rsa', exp: now() + 3600 })],
      [rsaEnv, `${base64url(utf8('not json'))}.${jsonPart({})}.AAAA`],
      [kinds[0]!.env, await mint(rsa.signer, { iss: 'pushpin', exp: now() + 3600 })],
      [
        kinds[0]!.env,
        await mint(hmacSigner(secret), { iss: 'pushpin', exp: now() + 3600 }, { alg: 'HS512' }),
      ],
      [everyKindEnv, 'a.b.c'],
    ];
    for (const [env, token] of cases) {
      const response = await handleRequest(handler, request(token), { env, waitUntil: () => {} });
      expect(response.status).toBe(403);
      expect(await response.text()).toBe(
        'Forbidden: Grip-Sig did not verify; requests must come through the configured GRIP proxy\n',
      );
    }
    expect(logged).not.toHaveBeenCalled();
  });
});
