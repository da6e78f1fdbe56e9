import { validateSig } from '@fanoutio/grip';
import { describe, expect, it } from 'vitest';
import { gripSigner } from './sig.js';

function claims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
}

describe('gripSigner', () => {
  it('signs HS256 with iss and an expiry an hour ahead', async () => {
    const token = gripSigner({ iss: 'pushpin', key: 's3cr3t' })!();
    expect(JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString())).toEqual({
      typ: 'JWT',
      alg: 'HS256',
    });
    const { exp, iss } = claims(token);
    expect(iss).toBe('pushpin');
    expect(Number(exp) - Date.now() / 1000).toBeGreaterThan(3500);
    expect(await validateSig(token, new TextEncoder().encode('s3cr3t'), 'pushpin')).toBe(true);
    expect(await validateSig(token, new TextEncoder().encode('wrong'), 'pushpin')).toBe(false);
  });

  it('reads base64: keys as bytes', async () => {
    const key = Buffer.from([0, 255, 7, 9]);
    const token = gripSigner({ iss: 'i', key: `base64:${key.toString('base64')}` })!();
    expect(await validateSig(token, new Uint8Array(key), 'i')).toBe(true);
  });

  it('is off with an empty issuer, as sig_iss= is in Pushpin', () => {
    expect(gripSigner({ iss: '', key: 'k' })).toBeUndefined();
  });
});
