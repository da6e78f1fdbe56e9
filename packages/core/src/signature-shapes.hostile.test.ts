import fc from 'fast-check';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { readGripConfig } from './config.js';
import { base64url, jsonPart, mint, type PublicKeyPair } from './jwt/test-support.js';
import { CLOCK_LEEWAY_SECONDS, verifyJwt } from './jwt/verify.js';
import { verifyGripSignature } from './signature.js';
import { INVALID, type KeyKind, makeKeyKinds, now, request } from './signature-test-support.js';

// Token shapes as an attacker would vary them, against every key kind at
// once; in Node and in workerd.

let ec: PublicKeyPair;
let kinds: KeyKind[];
let everyKindEnv: Record<string, string>;

beforeAll(async () => {
  ({ ec, kinds, everyKindEnv } = await makeKeyKinds());
});

afterEach(() => {
  vi.restoreAllMocks();
});

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
    const config = readGripConfig(everyKindEnv);
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
    const config = readGripConfig(everyKindEnv);
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
