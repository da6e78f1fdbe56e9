import { SignJWT } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readGripConfig } from './config.js';
import { CLOCK_LEEWAY_SECONDS } from './jwt/verify.js';
import { verifyGripSignature } from './signature.js';
import { VERIFIED_TOKENS_PER_SET } from './signature-cache.js';

const secret = new TextEncoder().encode('pushpin-secret');
const url = `http://localhost:5561?iss=pushpin&key=base64:${btoa('pushpin-secret')}`;
const nowSeconds = () => Math.floor(Date.now() / 1000);

function token(
  claims: { iss?: string; exp?: number; nbf?: number; n?: number },
  key = secret,
): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(key);
}

const request = (sig: string) => new Request('http://origin.test/', { headers: { 'Grip-Sig': sig } });

function countVerifications() {
  return vi.spyOn(crypto.subtle, 'verify');
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('the cache of Grip-Sig tokens that verified', () => {
  it('verifies a token the proxy repeats once, and accepts the repeats without crypto', async () => {
    const config = readGripConfig({ GRIP_URL: url });
    const sig = await token({ iss: 'pushpin', exp: nowSeconds() + 3600 });
    const verify = countVerifications();
    for (let i = 0; i < 5; i++) expect((await verifyGripSignature(request(sig), config)).signed).toBe(true);
    expect(verify).toHaveBeenCalledTimes(1);
  });

  it('refuses a remembered token once its exp has passed (with the leeway)', async () => {
    const config = readGripConfig({ GRIP_URL: url });
    const exp = nowSeconds() + 60;
    const sig = await token({ iss: 'pushpin', exp });
    expect((await verifyGripSignature(request(sig), config)).signed).toBe(true);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime((exp + CLOCK_LEEWAY_SECONDS) * 1000);
    expect(await verifyGripSignature(request(sig), config)).toMatchObject({
      signed: false,
      problem: 'invalid',
    });
  });

  it('checks nbf again on every hit', async () => {
    const config = readGripConfig({ GRIP_URL: url });
    const nbf = nowSeconds() + 10;
    const sig = await token({ iss: 'pushpin', exp: nbf + 3600, nbf });
    expect((await verifyGripSignature(request(sig), config)).signed).toBe(true);
    // The clock goes back (NTP step): the token is not yet valid, cached or not.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime((nbf - CLOCK_LEEWAY_SECONDS - 5) * 1000);
    expect((await verifyGripSignature(request(sig), config)).signed).toBe(false);
  });

  it('never remembers a failure: a forged token costs a verification every time and stays refused', async () => {
    const config = readGripConfig({ GRIP_URL: url });
    const forged = await token(
      { iss: 'pushpin', exp: nowSeconds() + 3600 },
      new TextEncoder().encode('guess'),
    );
    const verify = countVerifications();
    for (let i = 0; i < 3; i++)
      expect((await verifyGripSignature(request(forged), config)).signed).toBe(false);
    expect(verify).toHaveBeenCalledTimes(3);
  });

  it('does not carry a token over to another verifier set (a rotated key refuses it)', async () => {
    const sig = await token({ iss: 'pushpin', exp: nowSeconds() + 3600 });
    expect((await verifyGripSignature(request(sig), readGripConfig({ GRIP_URL: url }))).signed).toBe(true);
    const rotated = readGripConfig({
      GRIP_URL: `http://localhost:5561?iss=pushpin&key=base64:${btoa('new-key')}`,
    });
    expect((await verifyGripSignature(request(sig), rotated)).signed).toBe(false);
    // The same set, changed in place, forgets what it remembered.
    const config = readGripConfig({ GRIP_URL: url });
    expect((await verifyGripSignature(request(sig), config)).signed).toBe(true);
    config.verifiers.splice(0, config.verifiers.length, ...rotated.verifiers);
    expect((await verifyGripSignature(request(sig), config)).signed).toBe(false);
  });

  it(`stays bounded: past ${VERIFIED_TOKENS_PER_SET} tokens the oldest are verified again`, async () => {
    const config = readGripConfig({ GRIP_URL: url });
    const exp = nowSeconds() + 3600;
    const tokens = await Promise.all(
      Array.from({ length: VERIFIED_TOKENS_PER_SET + 1 }, (_, n) => token({ iss: 'pushpin', exp, n })),
    );
    for (const sig of tokens) await verifyGripSignature(request(sig), config);
    const verify = countVerifications();
    // The newest is still remembered; the first was pushed out.
    expect((await verifyGripSignature(request(tokens.at(-1)!), config)).signed).toBe(true);
    expect(verify).toHaveBeenCalledTimes(0);
    expect((await verifyGripSignature(request(tokens[0]!), config)).signed).toBe(true);
    expect(verify).toHaveBeenCalledTimes(1);
  });
});
