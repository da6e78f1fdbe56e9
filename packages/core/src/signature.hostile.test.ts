import { beforeAll, describe, expect, it } from 'vitest';
import {
  base64url,
  hmacSigner,
  jsonPart,
  mint,
  type PublicKeyPair,
  type Signer,
  utf8,
} from './jwt/test-support.js';
import { CLOCK_LEEWAY_SECONDS } from './jwt/verify.js';
import { check, INVALID, type KeyKind, makeKeyKinds, now, VALID } from './signature-test-support.js';

// Runs in Node (project `core`) and in workerd (project `core-workerd`):
// every key kind against every token shape, the same answers on both runtimes.

let secret: Uint8Array;
let ec: PublicKeyPair;
let rsa: PublicKeyPair;
let otherEc: PublicKeyPair;
let otherRsa: PublicKeyPair;
let kinds: KeyKind[];

beforeAll(async () => {
  ({ secret, ec, rsa, otherEc, otherRsa, kinds } = await makeKeyKinds());
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
