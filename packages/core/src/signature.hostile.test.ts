import fc from 'fast-check';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { readGripConfig } from './config.js';
import { handleRequest } from './handle-request.js';
import {
  base64,
  base64url,
  ecPair,
  hmacSigner,
  jsonPart,
  mint,
  type PublicKeyPair,
  rsaPair,
  rsaPkcs1Pem,
  type Signer,
  utf8,
} from './jwt/test-support.js';
import { CLOCK_LEEWAY_SECONDS, verifyJwt } from './jwt/verify.js';
import { verifyGripSignature } from './signature.js';

// Runs in Node (project `core`) and in workerd (project `core-workerd`):
// every key kind, every token shape, the same answers on both runtimes.

const now = () => Math.floor(Date.now() / 1000);
const INVALID = { proxied: false, signed: false, required: true, problem: 'invalid' };
const VALID = { proxied: true, signed: true, required: true };

function request(sig: string): Request {
  return new Request('http://origin.test/', { headers: { 'Grip-Sig': sig } });
}

async function check(env: Record<string, string>, token: string) {
  return verifyGripSignature(request(token), readGripConfig(env));
}

interface KeyKind {
  name: string;
  env: Record<string, string>;
  signer: Signer;
  /** Which key signs: kinds with the same id hold the same key in different forms. */
  keyId: string;
  iss: string;
  /** Public material an attacker has, for alg-confusion tokens (public keys only). */
  published?: string[];
}

const secret = crypto.getRandomValues(new Uint8Array(32));
let ec: PublicKeyPair;
let rsa: PublicKeyPair;
let otherEc: PublicKeyPair;
let otherRsa: PublicKeyPair;
const kinds: KeyKind[] = [];

beforeAll(async () => {
  [ec, rsa, otherEc, otherRsa] = await Promise.all([ecPair(), rsaPair(), ecPair(), rsaPair()]);
  const ecJwk = JSON.stringify(ec.jwk);
  const rsaJwk = JSON.stringify(rsa.jwk);
  kinds.push(
    {
      name: 'Pushpin shared key in GRIP_URL (HS256)',
      env: { GRIP_URL: `http://pushpin:5561/?iss=pushpin&key=base64:${encodeURIComponent(base64(secret))}` },
      signer: hmacSigner(secret),
      keyId: 'secret',
      iss: 'pushpin',
    },
    {
      name: 'GRIP_VERIFY_KEY text secret (HS256)',
      env: { GRIP_VERIFY_KEY: 'a text secret', GRIP_VERIFY_ISS: 'edge' },
      signer: hmacSigner(utf8('a text secret')),
      keyId: 'text',
      iss: 'edge',
    },
    {
      name: 'oct JWK (HS256)',
      env: { GRIP_VERIFY_KEY: JSON.stringify({ kty: 'oct', k: base64url(secret) }), GRIP_VERIFY_ISS: 'oct' },
      signer: hmacSigner(secret),
      keyId: 'secret',
      iss: 'oct',
    },
    {
      name: 'P-256 PEM (ES256)',
      env: { GRIP_VERIFY_KEY: ec.pem.replace(/\n/g, '\\n'), GRIP_VERIFY_ISS: 'ec' },
      signer: ec.signer,
      keyId: 'ec',
      iss: 'ec',
      published: [ec.pem, ecJwk],
    },
    {
      name: 'P-256 JWK (ES256)',
      env: { GRIP_VERIFY_KEY: ecJwk, GRIP_VERIFY_ISS: 'ec-jwk' },
      signer: ec.signer,
      keyId: 'ec',
      iss: 'ec-jwk',
      published: [ec.pem, ecJwk],
    },
    {
      name: 'Fastly-style URL with verify-key (ES256)',
      env: {
        GRIP_URL: `https://api.fastly.com/service/svc?key=token&verify-iss=fastly:svc&verify-key=${encodeURIComponent(ec.pem)}`,
      },
      signer: ec.signer,
      keyId: 'ec',
      iss: 'fastly:svc',
      published: [ec.pem, ecJwk],
    },
    {
      name: 'RSA PEM (RS256)',
      env: { GRIP_VERIFY_KEY: rsa.pem, GRIP_VERIFY_ISS: 'rsa' },
      signer: rsa.signer,
      keyId: 'rsa',
      iss: 'rsa',
      published: [rsa.pem, rsaJwk],
    },
    {
      name: 'RSA PKCS#1 PEM (RS256)',
      env: { GRIP_VERIFY_KEY: `base64:${base64(utf8(rsaPkcs1Pem(rsa.spki)))}`, GRIP_VERIFY_ISS: 'rsa1' },
      signer: rsa.signer,
      keyId: 'rsa',
      iss: 'rsa1',
      published: [rsa.pem, rsaJwk],
    },
    {
      name: 'RSA JWK (RS256)',
      env: { GRIP_VERIFY_KEY: rsaJwk, GRIP_VERIFY_ISS: 'rsa-jwk' },
      signer: rsa.signer,
      keyId: 'rsa',
      iss: 'rsa-jwk',
      published: [rsa.pem, rsaJwk],
    },
  );
});

afterEach(() => {
  vi.restoreAllMocks();
});

// Each shape: claims and header relative to a key kind, and whether it verifies.
const shapes: [string, (k: KeyKind) => Promise<string>, boolean][] = [
  ['valid', (k) => mint(k.signer, { iss: k.iss, exp: now() + 3600 }), true],
  ['expired two minutes ago', (k) => mint(k.signer, { iss: k.iss, exp: now() - 120 }), false],
  [
    `expired within the ${CLOCK_LEEWAY_SECONDS} s clock leeway`,
    (k) => mint(k.signer, { iss: k.iss, exp: now() - 5 }),
    true,
  ],
  ['without exp', (k) => mint(k.signer, { iss: k.iss }), false],
  ['with a string exp', (k) => mint(k.signer, { iss: k.iss, exp: String(now() + 3600) }), false],
  ['with a null exp', (k) => mint(k.signer, { iss: k.iss, exp: null }), false],
  ['not yet valid (nbf)', (k) => mint(k.signer, { iss: k.iss, exp: now() + 3600, nbf: now() + 120 }), false],
  ['with a past nbf', (k) => mint(k.signer, { iss: k.iss, exp: now() + 3600, nbf: now() - 60 }), true],
  ['with a string nbf', (k) => mint(k.signer, { iss: k.iss, exp: now() + 3600, nbf: '0' }), false],
  ['from another issuer', (k) => mint(k.signer, { iss: 'someone-else', exp: now() + 3600 }), false],
  ['without an issuer', (k) => mint(k.signer, { exp: now() + 3600 }), false],
  ['with a payload that is an array', (k) => mint(k.signer, [k.iss, now() + 3600]), false],
  [
    'with a critical header extension',
    (k) => mint(k.signer, { iss: k.iss, exp: now() + 3600 }, { crit: ['x'] }),
    false,
  ],
  [
    'with a lower-case alg',
    (k) => mint(k.signer, { iss: k.iss, exp: now() + 3600 }, { alg: k.signer.alg.toLowerCase() }),
    false,
  ],
  [
    'with alg none and no signature',
    async (k) => `${jsonPart({ alg: 'none' })}.${jsonPart({ iss: k.iss, exp: now() + 3600 })}.`,
    false,
  ],
  [
    'with alg none over a real signature',
    (k) => mint(k.signer, { iss: k.iss, exp: now() + 3600 }, { alg: 'none' }),
    false,
  ],
  [
    'with a tampered payload',
    async (k) => {
      const [head, , sig] = (await mint(k.signer, { iss: 'someone-else', exp: now() + 3600 })).split('.');
      return `${head}.${jsonPart({ iss: k.iss, exp: now() + 3600 })}.${sig}`;
    },
    false,
  ],
  [
    'with a padded signature',
    async (k) => `${await mint(k.signer, { iss: k.iss, exp: now() + 3600 })}==`,
    false,
  ],
  [
    'with a header that is not JSON',
    async (k) => {
      const [, payload, sig] = (await mint(k.signer, { iss: k.iss, exp: now() + 3600 })).split('.');
      return `${base64url(utf8('{"alg":'))}.${payload}.${sig}`;
    },
    false,
  ],
  [
    'with a header that is not UTF-8',
    async (k) => {
      const [, payload, sig] = (await mint(k.signer, { iss: k.iss, exp: now() + 3600 })).split('.');
      return `${base64url(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]))}.${payload}.${sig}`;
    },
    false,
  ],
];

describe('Grip-Sig verification matrix', () => {
  it.each(shapes.map(([shape, , accepted]) => [shape, accepted] as const))(
    'a token %s gives signed=%s for every key kind',
    async (shape, accepted) => {
      const make = shapes.find(([s]) => s === shape)![1];
      for (const kind of kinds) {
        const result = await check(kind.env, await make(kind));
        expect({ kind: kind.name, result }).toEqual({ kind: kind.name, result: accepted ? VALID : INVALID });
      }
    },
  );

  it('accepts a token only from the key that signed it (no cross-kind, no alg confusion)', async () => {
    const signers = new Map<string, Signer>([
      ['another secret', hmacSigner(crypto.getRandomValues(new Uint8Array(32)))],
      ['another P-256 key', otherEc.signer],
      ['another RSA key', otherRsa.signer],
    ]);
    for (const kind of kinds) signers.set(kind.keyId, kind.signer);
    for (const kind of kinds) {
      for (const [keyId, signer] of signers) {
        const result = await check(kind.env, await mint(signer, { iss: kind.iss, exp: now() + 3600 }));
        expect({ kind: kind.name, signer: keyId, signed: result.signed }).toEqual({
          kind: kind.name,
          signer: keyId,
          signed: keyId === kind.keyId,
        });
      }
    }
  });

  it('refuses HS256 tokens keyed with a public key in any published form', async () => {
    for (const kind of kinds.filter((k) => k.published !== undefined)) {
      for (const text of kind.published!) {
        for (const keyBytes of [utf8(text), utf8(text.trim())]) {
          const token = await mint(hmacSigner(keyBytes), { iss: kind.iss, exp: now() + 3600 });
          expect(await check(kind.env, token)).toEqual(INVALID);
        }
      }
    }
  });

  it('refuses an ES256 or RS256 token against the built-in Fastly key, and HS256 against it', async () => {
    const env = { GRIP_URL: 'https://api.fastly.com/service/svc?key=token&verify-iss=fastly:svc' };
    for (const signer of [ec.signer, rsa.signer, hmacSigner(secret)]) {
      expect(await check(env, await mint(signer, { iss: 'fastly:svc', exp: now() + 3600 }))).toEqual(INVALID);
    }
  });
});

// One configuration holding every key kind at once, as separate GRIP_URL entries.
function everyKindEnv(): Record<string, string> {
  return {
    GRIP_URL: [
      `http://pushpin:5561/?iss=pushpin&key=base64:${encodeURIComponent(base64(secret))}`,
      `http://ec.test/?verify-iss=ec&verify-key=${encodeURIComponent(ec.pem)}`,
      `http://rsa.test/?verify-iss=rsa&verify-key=${encodeURIComponent(rsa.pem)}`,
      'https://api.fastly.com/service/svc?key=token&verify-iss=fastly:svc',
    ].join(' '),
  };
}

const ALGS = [
  'none',
  'None',
  'HS256',
  'ES256',
  'RS256',
  'HS384',
  'HS512',
  'ES384',
  'PS256',
  'EdDSA',
  'hs256',
  '',
];
const segment = fc.oneof(
  fc.jsonValue().map(jsonPart),
  fc.string({ unit: 'binary-ascii', maxLength: 40 }),
  fc.uint8Array({ maxLength: 300 }).map(base64url),
);
const header = fc.oneof(
  fc.record({ alg: fc.oneof(fc.constantFrom(...ALGS), fc.string()), typ: fc.constant('JWT') }),
  fc.record({ alg: fc.constantFrom(...ALGS), crit: fc.array(fc.string()), jwk: fc.jsonValue() }),
  fc.jsonValue(),
);
const tokenShape = fc.oneof(
  fc
    .tuple(header.map(jsonPart), fc.oneof(segment, fc.jsonValue().map(jsonPart)), segment)
    .map((p) => p.join('.')),
  fc.array(segment, { maxLength: 6 }).map((p) => p.join('.')),
  fc.string({ unit: 'binary', maxLength: 200 }),
);

// What a Headers object accepts and keeps as a non-empty value.
const headerSafe = (value: string) =>
  /^[^\0\r\n]*$/.test(value) && /^[\x20-\xff]*$/.test(value) && value.trim() !== '';

describe('hostile token shapes (property-based)', () => {
  it('never verify and never throw, against every key kind at once', async () => {
    const config = readGripConfig(everyKindEnv());
    const logged = vi.spyOn(console, 'error');
    await fc.assert(
      fc.asyncProperty(tokenShape, async (token) => {
        expect(await verifyJwt(token, config.verifiers)).toBe(false);
        if (headerSafe(token)) expect(await verifyGripSignature(request(token), config)).toEqual(INVALID);
      }),
      { numRuns: 300 },
    );
    expect(logged).not.toHaveBeenCalled();
  });

  it('check exp, nbf and iss of properly signed tokens exactly as documented', async () => {
    const time = fc.oneof(
      fc.integer({ min: 2 * CLOCK_LEEWAY_SECONDS, max: 10 ** 8 }).map((d) => now() + d),
      fc.integer({ min: 2 * CLOCK_LEEWAY_SECONDS, max: 10 ** 8 }).map((d) => now() - d),
      fc.constantFrom(null, true, '1', [], {}),
      fc.double(),
    );
    const claims = fc.record(
      { exp: time, nbf: time, iss: fc.oneof(fc.constantFrom('pushpin', 'ec'), fc.string(), fc.integer()) },
      { requiredKeys: [] },
    );
    const config = readGripConfig(everyKindEnv());
    const hs = kinds[0]!;
    await fc.assert(
      fc.asyncProperty(claims, fc.boolean(), async (raw, useEc) => {
        const c = JSON.parse(JSON.stringify(raw)) as Record<string, unknown>;
        const iss = useEc ? 'ec' : 'pushpin';
        const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
        const t = Date.now() / 1000;
        const expected =
          isTime(c.exp) &&
          t < c.exp + CLOCK_LEEWAY_SECONDS &&
          (c.nbf === undefined || (isTime(c.nbf) && t + CLOCK_LEEWAY_SECONDS >= c.nbf)) &&
          c.iss === iss;
        const token = await mint(useEc ? ec.signer : hs.signer, c);
        expect((await verifyGripSignature(request(token), config)).signed).toBe(expected);
      }),
      { numRuns: 150 },
    );
  });
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
      [everyKindEnv(), 'a.b.c'],
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
