import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { readGripConfig } from './config.js';
import { verifyGripSignature } from './signature.js';

const secret = new TextEncoder().encode('pushpin-secret');
const config = readGripConfig({
  GRIP_URL: `http://localhost:5561?iss=pushpin&key=base64:${btoa('pushpin-secret')}`,
});

async function token(claims: { iss?: string; exp?: number }, key = secret): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(key);
}

function request(sig?: string): Request {
  return new Request('http://origin.test/', sig === undefined ? {} : { headers: { 'Grip-Sig': sig } });
}

const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;

describe('verifyGripSignature', () => {
  it('accepts a token signed like Pushpin signs it', async () => {
    const result = await verifyGripSignature(
      request(await token({ iss: 'pushpin', exp: inAnHour() })),
      config,
    );
    expect(result).toEqual({ proxied: true, signed: true, required: true });
  });

  it.each([
    ['missing', undefined, 'missing'],
    ['forged', 'forge', 'invalid'],
    ['expired', 'expired', 'invalid'],
    ['from another issuer', 'other-iss', 'invalid'],
    ['not a JWT', 'garbage', 'invalid'],
    ['without an expiry', 'no-exp', 'invalid'],
  ])('refuses a signature that is %s', async (_, kind, problem) => {
    const sig =
      kind === undefined
        ? undefined
        : kind === 'forge'
          ? await token({ iss: 'pushpin', exp: inAnHour() }, new TextEncoder().encode('guess'))
          : kind === 'expired'
            ? await token({ iss: 'pushpin', exp: Math.floor(Date.now() / 1000) - 60 })
            : kind === 'other-iss'
              ? await token({ iss: 'someone', exp: inAnHour() })
              : kind === 'no-exp'
                ? await token({ iss: 'pushpin' })
                : 'not.a.jwt';
    const result = await verifyGripSignature(request(sig), config);
    expect(result).toEqual({ proxied: false, signed: false, required: true, problem });
  });

  it('counts any Grip-Sig as proxied when no key is configured', async () => {
    const open = readGripConfig({ GRIP_URL: 'http://localhost:5561' });
    expect(await verifyGripSignature(request('anything'), open)).toEqual({
      proxied: true,
      signed: false,
      required: false,
    });
    expect(await verifyGripSignature(request(), open)).toEqual({
      proxied: false,
      signed: false,
      required: false,
    });
  });
});
